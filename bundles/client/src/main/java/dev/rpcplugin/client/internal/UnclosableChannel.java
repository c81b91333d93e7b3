package dev.rpcplugin.client.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The plugin's channel as handed to users: calls go straight to the managed channel, but the type
 * offers no shutdown and cannot be cast back to {@link ManagedChannel}. Once the plugin has ended, new
 * calls fail with UNAVAILABLE and the reason (its exit status, or a kill) instead of grpc-java's
 * "Channel shutdown invoked".
 */
public final class UnclosableChannel extends Channel {

    private final ManagedChannel delegate;
    private volatile Status ended;

    public UnclosableChannel(ManagedChannel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
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
        return status == null ? delegate.newCall(method, options) : new EndedCall<>(status, options.getExecutor());
    }

    @Override
    public String authority() {
        return delegate.authority();
    }

    @Override
    public String toString() {
        return "plugin channel to " + delegate.authority();
    }

    /** A call that closes with the status as soon as it is started, on the call's executor if it has one. */
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
            if (executor != null) {
                executor.execute(close); // a blocking stub's executor runs it on the waiting thread
            } else {
                close.run();
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
