package dev.rpcplugin.client.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The plugin's channel as handed to users: calls go straight to the managed channel, but the type
 * offers no shutdown and cannot be cast back to {@link ManagedChannel}. Once the plugin has ended, new
 * calls fail with UNAVAILABLE and the reason (its exit status, or a kill) instead of grpc-java's
 * "Channel shutdown invoked"; a call in progress when the host closed takes what its sender still
 * sends without throwing.
 */
public final class UnclosableChannel extends Channel {

    private final ManagedChannel delegate;
    private final Executor callbackExecutor;
    private volatile Status ended;

    /**
     * @param delegate the managed channel
     * @param callbackExecutor the channel's executor: where calls made after the end learn it, unless
     *     they bring an executor of their own
     */
    public UnclosableChannel(ManagedChannel delegate, Executor callbackExecutor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
    }

    /** From now on, calls fail with UNAVAILABLE and this reason; the first reason given stays. */
    public void end(String reason) {
        if (ended == null) {
            ended = Status.UNAVAILABLE.withDescription(reason);
        }
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        Status status = ended;
        Executor callbacks = options.getExecutor() != null ? options.getExecutor() : callbackExecutor;
        return status == null ? new ClosableAfterShutdown<>(delegate.newCall(method, options), delegate, callbacks)
                : new EndedCall<>(status, callbacks);
    }

    @Override
    public String authority() {
        return delegate.authority();
    }

    @Override
    public String toString() {
        return "plugin channel to " + delegate.authority();
    }

    /**
     * A call that takes messages, requests and its half-close without complaint once the channel was shut
     * down and its event loops ended (the host closed), where grpc-java would throw Netty's
     * RejectedExecutionException into the caller. The call's listener is closed with UNAVAILABLE then,
     * once: a call whose last messages still waited for a request would otherwise never end.
     */
    private static final class ClosableAfterShutdown<Q, R> extends ForwardingClientCall.SimpleForwardingClientCall<Q, R> {

        private final ManagedChannel channel;
        private final Executor callbacks;
        private volatile OnceClosed<R> listener;

        ClosableAfterShutdown(ClientCall<Q, R> call, ManagedChannel channel, Executor callbacks) {
            super(call);
            this.channel = channel;
            this.callbacks = callbacks;
        }

        @Override
        public void start(Listener<R> responses, Metadata headers) {
            OnceClosed<R> once = new OnceClosed<>(responses);
            listener = once;
            super.start(once, headers);
        }

        @Override
        public void sendMessage(Q message) {
            try {
                super.sendMessage(message);
            } catch (RejectedExecutionException e) {
                rethrowUnlessShutDown(e);
            }
        }

        @Override
        public void request(int numMessages) {
            try {
                super.request(numMessages);
            } catch (RejectedExecutionException e) {
                rethrowUnlessShutDown(e);
            }
        }

        @Override
        public void halfClose() {
            try {
                super.halfClose();
            } catch (RejectedExecutionException e) {
                rethrowUnlessShutDown(e);
            }
        }

        private void rethrowUnlessShutDown(RejectedExecutionException e) {
            if (!channel.isShutdown()) {
                throw e;
            }
            OnceClosed<R> once = listener;
            if (once != null) {
                Runnable end = () -> once.closeOnce(Status.UNAVAILABLE.withDescription(
                        "the plugin host was closed before the call ended"), new Metadata());
                try {
                    callbacks.execute(end);
                } catch (RejectedExecutionException gone) {
                    end.run();
                }
            }
        }
    }

    /** Passes on the first close only, and no message after it. */
    private static final class OnceClosed<R> extends ForwardingClientCallListener.SimpleForwardingClientCallListener<R> {

        private final AtomicBoolean closed = new AtomicBoolean();

        OnceClosed(ClientCall.Listener<R> delegate) {
            super(delegate);
        }

        @Override
        public void onMessage(R message) {
            if (!closed.get()) {
                super.onMessage(message);
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            closeOnce(status, trailers);
        }

        void closeOnce(Status status, Metadata trailers) {
            if (closed.compareAndSet(false, true)) {
                super.onClose(status, trailers);
            }
        }
    }

    /**
     * A call that closes with the status as soon as it is started, on the call's executor (else the
     * channel's), as a call on a shut-down grpc-java channel does: never inside {@code start} unless
     * that executor runs tasks in place.
     */
    private static final class EndedCall<Q, R> extends ClientCall<Q, R> {

        private final Status status;
        private final Executor executor;

        EndedCall(Status status, Executor executor) {
            this.status = status;
            this.executor = executor;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            Runnable close = () -> listener.onClose(status, new Metadata());
            try {
                executor.execute(close); // a blocking stub's executor runs it on the waiting thread
            } catch (RejectedExecutionException e) {
                close.run(); // the pool is gone with its host: the listener still learns the end
            }
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
        }

        @Override
        public void sendMessage(Q message) {
        }
    }
}
