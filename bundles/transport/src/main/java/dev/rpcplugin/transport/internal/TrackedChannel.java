package dev.rpcplugin.transport.internal;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A channel that tells its owner when it is shut down, so the shared event loop group knows which
 * channels are still open. Everything else is passed through unchanged.
 */
public final class TrackedChannel extends ManagedChannel {

    private final ManagedChannel delegate;
    private final Consumer<TrackedChannel> onShutdown;

    /**
     * @param delegate the real channel
     * @param onShutdown called (possibly more than once) when shutdown is requested
     */
    public TrackedChannel(ManagedChannel delegate, Consumer<TrackedChannel> onShutdown) {
        this.delegate = delegate;
        this.onShutdown = onShutdown;
    }

    /** @return the wrapped channel */
    public ManagedChannel delegate() {
        return delegate;
    }

    @Override
    public ManagedChannel shutdown() {
        delegate.shutdown();
        onShutdown.accept(this);
        return this;
    }

    @Override
    public ManagedChannel shutdownNow() {
        delegate.shutdownNow();
        onShutdown.accept(this);
        return this;
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return delegate.newCall(method, options);
    }

    @Override
    public String authority() {
        return delegate.authority();
    }

    @Override
    public ConnectivityState getState(boolean requestConnection) {
        return delegate.getState(requestConnection);
    }

    @Override
    public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
        delegate.notifyWhenStateChanged(source, callback);
    }

    @Override
    public void resetConnectBackoff() {
        delegate.resetConnectBackoff();
    }

    @Override
    public void enterIdle() {
        delegate.enterIdle();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
