package dev.rpcplugin.transport;

import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PluginListenerTest extends WithTransportResources {

    @TempDir
    Path parent;

    @Test
    void shutdownOnAnIoThreadIsRefusedInsteadOfDeadlocking() throws Exception {
        AtomicReference<PluginListener> self = new AtomicReference<>();
        CompletableFuture<Throwable> refusal = new CompletableFuture<>();
        ServerInterceptor shutdownFromHandler = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                try {
                    self.get().shutdown(Duration.ofSeconds(1));
                    refusal.complete(null);
                } catch (IllegalStateException e) {
                    refusal.complete(e);
                }
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                        next.startCall(call, headers)) { };
            }
        };
        try (PluginListener listener = PluginServerBuilder
                .forNetwork(resources, Network.UNIX, ListenerOptions.defaults().withSocketDirectoryParent(parent))
                .addService(Health.servingPlugin().getHealthService())
                .intercept(shutdownFromHandler)
                .directExecutor()
                .start()) {
            self.set(listener);
            assertServing(PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build());
            assertThat(refusal.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("I/O thread");
        }
    }

    @Test
    void shutdownNowWorksOnAnIoThreadAndDeletesTheFiles() throws Exception {
        AtomicReference<PluginListener> self = new AtomicReference<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        ServerInterceptor stopFromHandler = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                try {
                    self.get().shutdownNow();
                    outcome.complete(null);
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
                return next.startCall(call, headers);
            }
        };
        PluginListener listener = PluginServerBuilder
                .forNetwork(resources, Network.UNIX, ListenerOptions.defaults().withSocketDirectoryParent(parent))
                .addService(Health.servingPlugin().getHealthService())
                .intercept(stopFromHandler)
                .directExecutor()
                .start();
        self.set(listener);
        ManagedChannel channel = PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build();
        try {
            Health.check(channel);
        } catch (StatusRuntimeException cancelledOrNot) {
            // the call may finish or be cancelled: it races with the shutdown it triggered
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isNull();
        assertTimeoutPreemptively(Duration.ofSeconds(10), listener::awaitTermination);
        assertThat(parent).isEmptyDirectory();
        listener.close(); // still idempotent
    }

    @Test
    void awaitTerminationReturnsOnceShutDown() throws Exception {
        PluginListener listener = PluginServerBuilder
                .forNetwork(resources, Network.TCP, ListenerOptions.defaults())
                .addService(Health.servingPlugin().getHealthService())
                .start();
        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
            try {
                listener.awaitTermination();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(listener.shutdown(Duration.ZERO)).isTrue();
        served.get(10, TimeUnit.SECONDS);
        assertThat(listener.isTerminated()).isTrue();
        assertThat(listener.toString()).contains("shut down");
    }
}
