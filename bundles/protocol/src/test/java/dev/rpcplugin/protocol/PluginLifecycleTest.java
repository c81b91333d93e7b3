package dev.rpcplugin.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All three services on one plugin server, used the way host and plugin SDKs will use them. */
class PluginLifecycleTest {

    @TempDir
    Path socketParent;

    @Test
    void hostStreamsOutputUsesTheBrokerAndShutsThePluginDown() throws Exception {
        ListenerOptions listenerOptions = ListenerOptions.defaults().withSocketDirectoryParent(socketParent);
        TestTls tls = new TestTls();
        try (TransportResources resources = TransportResources.create()) {
            // plugin side
            StdioService stdio = new StdioService();
            Broker pluginBroker = Broker.forPlugin(
                    BrokerOptions.of(resources, Network.UNIX, listenerOptions).withTls(tls.plugin()));
            AtomicReference<PluginListener> main = new AtomicReference<>();
            CompletableFuture<Boolean> stopped = new CompletableFuture<>();
            ControllerService controller = new ControllerService(() -> {
                // what a plugin SDK does: end its own streams first so the grace period is not spent on them
                stdio.close();
                pluginBroker.close();
                stopped.complete(main.get().shutdown(Duration.ofSeconds(2)));
            });
            main.set(PluginServerBuilder.forNetwork(resources, Network.UNIX, listenerOptions)
                    .addService(controller).addService(stdio).addService(pluginBroker.service())
                    .start());

            // host side
            ManagedChannel channel = PluginChannelBuilder.forAddress(resources, main.get().pluginAddress()).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StdioConsumer consumer = StdioConsumer.start(channel, chunk -> {
                synchronized (out) {
                    out.writeBytes(chunk);
                }
            }, chunk -> { });
            Broker hostBroker = Broker.forHost(channel,
                    BrokerOptions.of(resources, Network.UNIX, listenerOptions).withTls(tls.host()));

            stdio.stdout().write("ready\n".getBytes(StandardCharsets.UTF_8));
            Await.until(() -> {
                synchronized (out) {
                    return out.size() == 6;
                }
            }, "the plugin's output reached the host");

            int callbackId = hostBroker.nextId();
            hostBroker.acceptAndServe(callbackId, new HealthStatusManager().getHealthService());
            assertThat(BrokerTest.check(pluginBroker.dial(callbackId))).isEqualTo(ServingStatus.SERVING);

            // host teardown, in go-plugin's order: broker, Shutdown, channel
            hostBroker.close();
            ControllerClient.Outcome outcome = ControllerClient.shutdown(channel, Duration.ofSeconds(5));
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

            assertThat(outcome).isIn(ControllerClient.Outcome.REPLIED, ControllerClient.Outcome.CONNECTION_CLOSED);
            assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(main.get().isTerminated()).isTrue();
            assertThat(consumer.finished().get(10, TimeUnit.SECONDS).getCode())
                    .isIn(Status.Code.OK, Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ready\n");
        }
        try (Stream<Path> left = Files.list(socketParent)) {
            assertThat(left).isEmpty();
        }
    }
}
