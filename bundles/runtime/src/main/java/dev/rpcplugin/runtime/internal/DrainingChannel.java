package dev.rpcplugin.runtime.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channel consumers get: it forwards to the plugin's channel, offers no shutdown, and counts the
 * calls in flight so that a retiring incarnation can wait for them before its channel is closed.
 */
final class DrainingChannel extends Channel {

    /** How long no call may have started before a drain counts as done. */
    static final Duration QUIET = Duration.ofMillis(250);

    private static final long POLL_MILLIS = 10;

    private final Channel delegate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastStart = new AtomicLong(System.nanoTime() - QUIET.toNanos());

    DrainingChannel(Channel delegate) {
        this.delegate = delegate;
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return new CountedCall<>(delegate.newCall(method, options));
    }

    @Override
    public String authority() {
        return delegate.authority();
    }

    /** Calls started and not closed yet. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no call is in flight and none started for {@link #QUIET}, or the timeout passed.
     * New calls are still accepted meanwhile: a consumer that read its reference just before the
     * service was unregistered must not fail.
     *
     * @return whether the channel drained in time
     */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (inFlight.get() == 0 && now - lastStart.get() >= QUIET.toNanos()) {
                return true;
            }
            if (now - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public String toString() {
        return "plugin channel to " + delegate.authority();
    }

    private final class CountedCall<Q, R> extends ForwardingClientCall.SimpleForwardingClientCall<Q, R> {
        private final AtomicBoolean done = new AtomicBoolean();

        CountedCall(ClientCall<Q, R> call) {
            super(call);
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            inFlight.incrementAndGet();
            lastStart.set(System.nanoTime());
            try {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<R>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        try {
                            super.onClose(status, trailers);
                        } finally {
                            finished();
                        }
                    }
                }, headers);
            } catch (RuntimeException | Error e) {
                finished();
                throw e;
            }
        }

        private void finished() {
            if (done.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }
    }
}
