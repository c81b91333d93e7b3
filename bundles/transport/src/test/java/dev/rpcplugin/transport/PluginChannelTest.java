package dev.rpcplugin.transport;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginChannelTest extends WithTransportResources {

    private static final Metadata.Key<String> USER_AGENT =
            Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

    @Test
    void callsCarryUserAgentAndAuthorityAndRunOnTheCallersExecutor() throws Exception {
        CompletableFuture<String> userAgent = new CompletableFuture<>();
        CompletableFuture<String> authority = new CompletableFuture<>();
        CompletableFuture<String> handlerThread = new CompletableFuture<>();
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                userAgent.complete(headers.get(USER_AGENT));
                authority.complete(call.getAuthority());
                handlerThread.complete(Thread.currentThread().getName());
                return next.startCall(call, headers);
            }
        };
        ExecutorService handlers = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-handler"));
        try (PluginListener listener = PluginServerBuilder.forNetwork(resources, Network.TCP, ListenerOptions.defaults())
                .addService(Health.servingPlugin().getHealthService())
                .intercept(recorder)
                .executor(handlers)
                .start()) {
            assertServing(PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).directExecutor().build());
            assertThat(userAgent.get(10, TimeUnit.SECONDS)).startsWith(PluginChannelBuilder.USER_AGENT + " ");
            assertThat(authority.get(10, TimeUnit.SECONDS)).isEqualTo("localhost");
            assertThat(handlerThread.get(10, TimeUnit.SECONDS)).isEqualTo("test-handler");
        } finally {
            handlers.shutdownNow();
        }
    }

    @Test
    void badNetworkOrAddressIsNamed() {
        assertThatThrownBy(() -> PluginChannelBuilder.forAddress(resources, "udp", "127.0.0.1:80"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessage("unknown address type: udp");
        assertThatThrownBy(() -> PluginChannelBuilder.forAddress(resources, "tcp", "127.0.0.1"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageStartingWith("malformed tcp address '127.0.0.1'");
    }

    @Test
    void channelsAreShutDownIndependently() throws Exception {
        var channel = PluginChannelBuilder.forAddress(resources, "unix", "/tmp/rpcplugin-no-such-socket").build();
        assertThat(channel.authority()).isEqualTo("localhost");
        channel.shutdown();
        assertThat(channel.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(channel.isShutdown()).isTrue();
        assertThat(resources.isClosed()).isFalse();
    }
}
