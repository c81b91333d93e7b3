package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.server.HostSide;
import dev.rpcplugin.protocol.StdioService;
import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.transport.Network;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting the plugin's server leaves nothing listening when the app's services cannot be made, and
 * serves reflection from the start although it is built after the handshake line.
 */
class PluginServicesTest {

    private static final PluginLogger LOG = PluginLogger.writingTo(new ByteArrayOutputStream(), LogLevel.OFF);

    @TempDir
    Path socketDir;

    @Test
    void aReflectionCallBeforeReflectionWasAddedFindsItAndListsTheAppsServices() throws Exception {
        ServiceSource app = (version, broker) -> List.of(new KVGrpc.KVImplBase() { }.bindService());
        // as when a host lists the services between the handshake line and the plugin's addReflection()
        PluginServices running = start(app);
        try (HostSide host = new HostSide(new String[] {"1", "1", "unix", running.address(), "grpc"})) {
            assertThat(host.reflectedServices()).contains("proto.KV", "plugin.GRPCBroker",
                    "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
            running.addReflection(); // the plugin's own call after its handshake line changes nothing
            assertThat(host.reflectedServices()).containsOnlyOnce("grpc.reflection.v1.ServerReflection");
        } finally {
            running.stop(Duration.ZERO);
        }
    }

    @Test
    void callsOnTheBrokersListenersGetTheShutdownGraceAsCallsOnTheServerDo() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
        io.grpc.BindableService slow = new KVGrpc.KVImplBase() {
            @Override
            public void get(GetRequest request, StreamObserver<GetResponse> responses) {
                running.countDown();
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                responses.onNext(GetResponse.newBuilder().build());
                responses.onCompleted();
            }
        };
        java.util.concurrent.atomic.AtomicReference<dev.rpcplugin.protocol.Broker> broker =
                new java.util.concurrent.atomic.AtomicReference<>();
        PluginServices plugin = start((version, pluginBroker) -> {
            broker.set(pluginBroker);
            return List.of(slow.bindService());
        });
        dev.rpcplugin.transport.TransportResources resources = dev.rpcplugin.transport.TransportResources.create();
        try (HostSide host = new HostSide(new String[] {"1", "1", "unix", plugin.address(), "grpc"})) {
            dev.rpcplugin.transport.PluginListener brokered = broker.get().acceptAndServe(broker.get().nextId(), slow);
            io.grpc.ManagedChannel toBrokered = dev.rpcplugin.transport.PluginChannelBuilder
                    .forAddress(resources, brokered.pluginAddress()).build();
            var onServer = KVGrpc.newFutureStub(host.channel()).get(GetRequest.newBuilder().setKey("a").build());
            var onBroker = KVGrpc.newFutureStub(toBrokered).get(GetRequest.newBuilder().setKey("b").build());
            assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("both calls running").isTrue();

            plugin.stop(Duration.ofSeconds(20)); // as on SIGTERM with a shutdown grace

            assertThat(onServer.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            assertThat(onBroker.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the brokered call").isNotNull();
            assertThat(brokered.isTerminated()).isTrue();
            toBrokered.shutdownNow();
        } finally {
            plugin.stop(Duration.ZERO);
            resources.close();
        }
    }

    private PluginServices start(ServiceSource app) throws StartFailure {
        Map<String, String> env = Map.of("PLUGIN_UNIX_SOCKET_DIR", socketDir.toString());
        PluginEnvironment environment = PluginEnvironment.from(env);
        ServeSettings settings = settings(env);
        ServerTls tls = ServerTls.create(settings.tls(), environment, LOG, rejection -> { });
        return PluginServices.start(EarlyTransport.start(), settings, environment, tls, new StdioService(), 1, app,
                () -> { }, new HandlerThreads(), LOG);
    }

    private static ServeSettings settings(Map<String, String> env) {
        return new ServeSettings("BASIC_PLUGIN", "hello", new TreeMap<>(), List.of(Network.UNIX), true,
                new ServeSettings.AutoMtls(), env, LogLevel.OFF, false, Duration.ofSeconds(1), Duration.ZERO, null,
                false, List.of(), Integer.MAX_VALUE);
    }

    @Test
    void anErrorFromTheAppsServiceFactoryIsAStartFailureAndRemovesTheSocket() throws Exception {
        Map<String, String> env = Map.of("PLUGIN_UNIX_SOCKET_DIR", socketDir.toString());
        ServeSettings settings = settings(env);
        PluginEnvironment environment = PluginEnvironment.from(env);
        ServerTls tls = ServerTls.create(settings.tls(), environment, LOG, rejection -> { });
        ServiceSource failing = (version, broker) -> {
            throw new AssertionError("app invariant broken");
        };

        assertThatThrownBy(() -> PluginServices.start(EarlyTransport.start(), settings, environment, tls,
                new StdioService(), 1, failing, () -> { }, new HandlerThreads(), LOG))
                .isInstanceOf(StartFailure.class)
                .hasMessageContaining("cannot create the plugin's services for version 1")
                .hasMessageContaining("app invariant broken");
        try (Stream<Path> left = Files.list(socketDir)) {
            assertThat(left).as("socket directories left behind").isEmpty();
        }
    }

    @Test
    void aStatusThrownByAHandlerReachesTheHostWithItsCodeAndOtherExceptionsStayUnknown() throws Exception {
        ServiceSource app = (version, broker) -> List.of(new KVGrpc.KVImplBase() {
            @Override
            public void get(GetRequest request, StreamObserver<GetResponse> responses) {
                throw Status.NOT_FOUND.withDescription("no key " + request.getKey()).asRuntimeException();
            }

            @Override
            public void put(PutRequest request, StreamObserver<Empty> responses) {
                throw new IllegalStateException("disk full");
            }
        }.bindService());
        PluginServices running = start(app);
        try (HostSide host = new HostSide(new String[] {"1", "1", "unix", running.address(), "grpc"})) {
            assertThatThrownBy(() -> host.kv().get(GetRequest.newBuilder().setKey("k").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).isEqualTo("no key k");
                    });
            assertThatThrownBy(() -> host.kv().put(PutRequest.newBuilder().setKey("k").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN));
        } finally {
            running.stop(Duration.ZERO);
        }
    }
}
