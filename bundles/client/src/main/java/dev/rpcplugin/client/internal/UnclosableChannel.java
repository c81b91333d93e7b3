package dev.rpcplugin.client.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * The plugin's channel as handed to users: calls go straight to the managed channel, but the type
 * offers no shutdown and cannot be cast back to {@link ManagedChannel}.
 */
public final class UnclosableChannel extends Channel {

    private final ManagedChannel delegate;

    public UnclosableChannel(ManagedChannel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
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
    public String toString() {
        return "plugin channel to " + delegate.authority();
    }
}
