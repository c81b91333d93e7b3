package dev.rpcplugin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.security.PeerRejectedException;
import dev.rpcplugin.protocol.wire.ConnInfo;
import dev.rpcplugin.protocol.wire.GRPCBrokerGrpc;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.PluginListener;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class BrokerTest {

    @TempDir
    Path socketParent;

    static Stream<Arguments> everyWay() {
        return Stream.of(Network.UNIX, Network.TCP).flatMap(network -> Stream.of(false, true).flatMap(tls ->
                Stream.of(true, false).map(hostAccepts -> Arguments.of(network, tls, hostAccepts))));
    }

    static ServingStatus check(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus();
    }

    private BrokerPair pair(Network network, boolean tls) throws Exception {
        if (!tls) {
            return new BrokerPair(network, socketParent);
        }
        TestTls identities = new TestTls();
        BrokerTls hostTls = identities.host();
        BrokerTls pluginTls = identities.plugin();
        return new BrokerPair(network, socketParent, o -> o.withTls(hostTls), o -> o.withTls(pluginTls));
    }

    @ParameterizedTest(name = "{0} tls={1} hostAccepts={2}")
    @MethodSource("everyWay")
    void acceptorServesAndDiallerCalls(Network network, boolean tls, boolean hostAccepts) throws Exception {
        try (BrokerPair pair = pair(network, tls)) {
            Broker acceptor = hostAccepts ? pair.host : pair.plugin;
            Broker dialler = hostAccepts ? pair.plugin : pair.host;
            int id = acceptor.nextId();
            PluginListener listener = acceptor.acceptAndServe(id, new HealthStatusManager().getHealthService());

            ManagedChannel channel = dialler.dial(id);

            assertThat(listener.network()).isEqualTo(network);
            assertThat(listener.isTls()).isEqualTo(tls);
            assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void idsCountFromOnePerSide() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            assertThat(pair.host.nextId()).isEqualTo(1);
            assertThat(pair.host.nextId()).isEqualTo(2);
            assertThat(pair.plugin.nextId()).isEqualTo(1);
        }
    }

    @Test
    void dialTimesOutForAnIdNobodyAccepted() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent,
                o -> o.withDialTimeout(Duration.ofMillis(200)), UnaryOperator.identity())) {
            assertThatThrownBy(() -> pair.host.dial(42))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining("timeout waiting for connection info")
                    .hasMessageContaining("broker id 42");
        }
    }

    @Test
    void largeIdsAreReadAsUnsigned() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            int id = 0xFFFF_FFF0;
            pair.plugin.acceptAndServe(id, new HealthStatusManager().getHealthService());
            assertThat(check(pair.host.dial(id))).isEqualTo(ServingStatus.SERVING);
            assertThatThrownBy(() -> pair.host.dial(id + 1, Duration.ofMillis(100)))
                    .hasMessageContaining("broker id 4294967281");
        }
    }

    @Test
    void aDialTakesTheInfoThatArrivedBeforeIt() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            int id = pair.host.nextId();
            pair.host.acceptAndServe(id, new HealthStatusManager().getHealthService());
            // the info reaches the plugin some time before the dial; the dial must still find it
            ManagedChannel first = pair.plugin.dial(id);
            assertThat(check(first)).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void pluginAcceptBeforeTheHostOpensTheStreamIsDeliveredLater() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            // a plugin broker whose stream no host has opened yet: its info waits in a queue
            Broker lonelyPlugin = Broker.forPlugin(BrokerOptions.of(pair.resources, Network.UNIX, pair.listenerOptions));
            try (lonelyPlugin) {
                assertThat(lonelyPlugin.isStreamOpen()).isFalse();
                int id = lonelyPlugin.nextId();
                lonelyPlugin.acceptAndServe(id, new HealthStatusManager().getHealthService());
                try (PluginListener server = PluginServerBuilder
                        .forNetwork(pair.resources, Network.UNIX, pair.listenerOptions)
                        .addService(lonelyPlugin.service()).start()) {
                    ManagedChannel channel = PluginChannelBuilder
                            .forAddress(pair.resources, server.pluginAddress()).build();
                    try (Broker host = Broker.forHost(channel, BrokerOptions.of(pair.resources, Network.UNIX,
                            pair.listenerOptions))) {
                        assertThat(check(host.dial(id))).isEqualTo(ServingStatus.SERVING);
                        assertThat(lonelyPlugin.isStreamOpen()).isTrue();
                    } finally {
                        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Network.class)
    void closeStopsListenersRemovesSocketsAndShutsChannels(Network network) throws Exception {
        try (BrokerPair pair = new BrokerPair(network, socketParent)) {
            int hostId = pair.host.nextId();
            PluginListener hostListener = pair.host.acceptAndServe(hostId, new HealthStatusManager().getHealthService());
            int pluginId = pair.plugin.nextId();
            PluginListener pluginListener =
                    pair.plugin.acceptAndServe(pluginId, new HealthStatusManager().getHealthService());
            ManagedChannel pluginToHost = pair.plugin.dial(hostId);
            ManagedChannel hostToPlugin = pair.host.dial(pluginId);
            assertThat(check(pluginToHost)).isEqualTo(ServingStatus.SERVING);
            assertThat(check(hostToPlugin)).isEqualTo(ServingStatus.SERVING);

            pair.host.close();
            pair.host.close();

            assertThat(hostListener.isTerminated()).isTrue();
            assertThat(hostToPlugin.isShutdown()).isTrue();
            assertThat(pluginListener.isTerminated()).isFalse();
            if (network == Network.UNIX) {
                assertThat(Path.of(hostListener.address())).doesNotExist();
                assertThat(Path.of(hostListener.address()).getParent()).doesNotExist();
                assertThat(Path.of(pluginListener.address())).exists();
            }
            assertThatThrownBy(() -> check(pluginToHost)).isInstanceOf(StatusRuntimeException.class);

            pair.plugin.close();
            assertThat(pluginListener.isTerminated()).isTrue();
            assertThat(pluginToHost.isShutdown()).isTrue();
            if (network == Network.UNIX) {
                assertThat(Path.of(pluginListener.address())).doesNotExist();
            }
        }
        try (Stream<Path> left = Files.list(socketParent)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void dialAndAcceptAfterCloseFailClearly() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            pair.host.close();
            assertThat(pair.host.isClosed()).isTrue();
            assertThatThrownBy(() -> pair.host.dial(1))
                    .isInstanceOf(BrokerException.class)
                    .hasMessage("broker is closed; cannot dial broker id 1");
            assertThatThrownBy(() -> pair.host.acceptAndServe(2, new HealthStatusManager().getHealthService()))
                    .isInstanceOf(BrokerException.class)
                    .hasMessage("broker is closed; cannot accept broker id 2");
        }
        try (Stream<Path> left = Files.list(socketParent)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void closeFailsADialThatIsWaiting() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread waiting = new Thread(() -> {
                try {
                    pair.plugin.dial(7);
                    failure.complete(null);
                } catch (Exception e) {
                    failure.complete(e);
                }
            });
            waiting.start();
            // the dial waits for up to 5 s; closing must end it early
            Await.until(() -> waiting.getState() == Thread.State.TIMED_WAITING, "the dial waits");
            pair.plugin.close();
            assertThat(failure.get(4, TimeUnit.SECONDS))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining("broker is closed")
                    .hasMessageContaining("broker id 7");
            waiting.join(5000);
        }
    }

    @Test
    void hostAcceptFailsOnceThePluginIsGone() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            pair.pluginServer.shutdown(Duration.ZERO);
            Await.until(() -> !pair.host.isStreamOpen(), "the host sees the stream end");
            assertThatThrownBy(() -> pair.host.acceptAndServe(pair.host.nextId(),
                    new HealthStatusManager().getHealthService()))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining("broker stream to the plugin has ended");
        }
        try (Stream<Path> left = Files.list(socketParent)) {
            assertThat(left).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(PeerRejectedException.PeerRole.class)
    void aPeerWhoseCertificateIsNotPinnedIsRefused(PeerRejectedException.PeerRole refused) throws Exception {
        TestTls identities = new TestTls();
        TestTls strangers = new TestTls();
        BrokerTls hostTls = identities.host();
        // SERVER: the dialling plugin pins some other host certificate;
        // CLIENT: the dialling plugin presents a certificate the accepting host did not pin
        BrokerTls pluginTls = refused == PeerRejectedException.PeerRole.SERVER
                ? identities.tls(identities.pluginIdentity, strangers.hostIdentity.certificate(), "host")
                : identities.tls(strangers.pluginIdentity, identities.hostIdentity.certificate(), "host");
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent, o -> o.withTls(hostTls),
                o -> o.withTls(pluginTls))) {
            int id = pair.host.nextId();
            pair.host.acceptAndServe(id, new HealthStatusManager().getHealthService());
            ManagedChannel channel = pair.plugin.dial(id);
            assertThatThrownBy(() -> check(channel)).isInstanceOf(StatusRuntimeException.class);
            assertThat(identities.rejections).isNotEmpty().allSatisfy(r -> {
                assertThat(r.peerRole()).isEqualTo(refused);
                assertThat(r.reason()).isEqualTo(PeerRejectedException.Reason.NOT_PINNED);
            });
        }
    }

    @Test
    void aPlaintextDiallerCannotUseATlsListener() throws Exception {
        TestTls identities = new TestTls();
        BrokerTls hostTls = identities.host();
        try (BrokerPair pair = new BrokerPair(Network.TCP, socketParent, o -> o.withTls(hostTls),
                UnaryOperator.identity())) {
            int id = pair.host.nextId();
            pair.host.acceptAndServe(id, new HealthStatusManager().getHealthService());
            ManagedChannel channel = pair.plugin.dial(id);
            assertThatThrownBy(() -> check(channel)).isInstanceOf(StatusRuntimeException.class);
        }
    }

    @Test
    void aPluginWithoutBrokerEndsTheHostStreamWithAClearReason() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent);
                PluginListener noBroker = PluginServerBuilder.forNetwork(pair.resources, Network.UNIX, pair.listenerOptions)
                        .addService(new HealthStatusManager().getHealthService()).start()) {
            ManagedChannel channel = PluginChannelBuilder.forAddress(pair.resources, noBroker.pluginAddress()).build();
            try (Broker host = Broker.forHost(channel, BrokerOptions.of(pair.resources, Network.UNIX, pair.listenerOptions))) {
                Await.until(() -> !host.isStreamOpen(), "the stream fails");
                assertThatThrownBy(() -> host.acceptAndServe(1, new HealthStatusManager().getHealthService()))
                        .isInstanceOf(BrokerException.class)
                        .hasMessageContaining("broker stream to the plugin has ended (UNIMPLEMENTED");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> left = Files.list(socketParent)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theHostBrokerHasNoServiceAndSecondStreamsAreRefused() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            assertThatThrownBy(pair.host::service).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("host");
            Await.until(() -> pair.plugin.isStreamOpen(), "the plugin has a stream");
            try (Broker second = Broker.forHost(pair.hostChannel,
                    BrokerOptions.of(pair.resources, Network.UNIX, pair.listenerOptions))) {
                Await.until(() -> !second.isStreamOpen(), "the second stream is refused");
                assertThatThrownBy(() -> second.acceptAndServe(1, new HealthStatusManager().getHealthService()))
                        .isInstanceOf(BrokerException.class).hasMessageContaining("has ended");
            }
            // the first stream is unaffected
            int id = pair.plugin.nextId();
            pair.plugin.acceptAndServe(id, new HealthStatusManager().getHealthService());
            assertThat(check(pair.host.dial(id))).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void dialledChannelsRunCallbacksOnTheConfiguredExecutor() throws Exception {
        java.util.concurrent.ExecutorService callbacks = java.util.concurrent.Executors.newSingleThreadExecutor(
                task -> new Thread(task, "broker-callbacks"));
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent, o -> o.withCallbackExecutor(callbacks),
                UnaryOperator.identity())) {
            int id = pair.plugin.nextId();
            pair.plugin.acceptAndServe(id, new HealthStatusManager().getHealthService());
            CompletableFuture<String> callbackThread = new CompletableFuture<>();
            HealthGrpc.newStub(pair.host.dial(id)).check(HealthCheckRequest.getDefaultInstance(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(io.grpc.health.v1.HealthCheckResponse response) {
                            callbackThread.complete(Thread.currentThread().getName());
                        }

                        @Override
                        public void onError(Throwable t) {
                            callbackThread.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            assertThat(callbackThread.get(10, TimeUnit.SECONDS)).isEqualTo("broker-callbacks");
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void waitsTooLongToCountInNanosecondsWaitWithoutLimit() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent, o -> o.withInfoRetention(forever)
                .withDialTimeout(forever), UnaryOperator.identity())) {
            int first = pair.plugin.nextId();
            int second = pair.plugin.nextId();
            pair.plugin.acceptAndServe(first, new HealthStatusManager().getHealthService());
            pair.plugin.acceptAndServe(second, new HealthStatusManager().getHealthService());
            assertThat(check(pair.host.dial(first))).isEqualTo(ServingStatus.SERVING);
            assertThat(check(pair.host.dial(second, forever))).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void badOptionsAreRejected() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            assertThatThrownBy(() -> pair.host.dial(1, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
            BrokerOptions options = BrokerOptions.of(pair.resources, Network.UNIX, pair.listenerOptions);
            assertThatThrownBy(() -> options.withDialTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialTimeout");
            assertThatThrownBy(() -> options.withInfoRetention(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("infoRetention");
            BrokerTls tls = new TestTls().host();
            assertThatThrownBy(() -> new BrokerTls(tls.clientContext(), tls.serverContext()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverContext");
            assertThatThrownBy(() -> new BrokerTls(tls.serverContext(), tls.serverContext()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientContext");
            assertThatThrownBy(() -> Broker.forHost(null, options)).isInstanceOf(NullPointerException.class);
        }
    }

    /** A test body given a plugin broker and the raw request stream of a host that is not a Broker. */
    private interface RawHostBody {
        void run(Broker plugin, StreamObserver<ConnInfo> toPlugin) throws Exception;
    }

    private void withRawHost(BrokerPair pair, RawHostBody body) throws Exception {
        Broker plugin = Broker.forPlugin(BrokerOptions.of(pair.resources, Network.UNIX, pair.listenerOptions));
        try (plugin; PluginListener server = PluginServerBuilder
                .forNetwork(pair.resources, Network.UNIX, pair.listenerOptions)
                .addService(plugin.service()).start()) {
            ManagedChannel channel = PluginChannelBuilder.forAddress(pair.resources, server.pluginAddress()).build();
            StreamObserver<ConnInfo> toPlugin = GRPCBrokerGrpc.newStub(channel).startStream(new NoReplies());
            try {
                body.run(plugin, toPlugin);
            } finally {
                toPlugin.onCompleted();
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void knocksAreIgnoredAndPlainInfosFromARawHostAreUsed() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            PluginListener target = pair.host.acceptAndServe(pair.host.nextId(),
                    new HealthStatusManager().getHealthService());
            withRawHost(pair, (plugin, toPlugin) -> {
                toPlugin.onNext(ConnInfo.newBuilder().setServiceId(5)
                        .setKnock(ConnInfo.Knock.newBuilder().setKnock(true)).build());
                toPlugin.onNext(ConnInfo.newBuilder().setServiceId(6)
                        .setNetwork(target.network().wireName()).setAddress(target.address()).build());

                assertThat(check(plugin.dial(6))).isEqualTo(ServingStatus.SERVING);
                // the knock came first on the same ordered stream, so it has been handled by now
                assertThatThrownBy(() -> plugin.dial(5, Duration.ofMillis(100)))
                        .hasMessageContaining("timeout waiting for connection info");
            });
        }
    }

    @Test
    void anUnusableAddressFromThePeerIsReported() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            withRawHost(pair, (plugin, toPlugin) -> {
                toPlugin.onNext(ConnInfo.newBuilder().setServiceId(3).setNetwork("udp").setAddress("somewhere").build());
                assertThatThrownBy(() -> plugin.dial(3)).isInstanceOf(BrokerException.class)
                        .hasMessageContaining("broker id 3")
                        .hasMessageContaining("unknown address type: udp");
            });
        }
    }

    @Test
    void closeOnAnIoThreadStillRemovesTheListenersSockets() throws Exception {
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent)) {
            PluginListener listener = pair.host.acceptAndServe(pair.host.nextId(),
                    new HealthStatusManager().getHealthService());
            Path socket = Path.of(listener.address());
            assertThat(socket).exists();
            // a channel whose callbacks run on the transport's I/O threads, where listeners refuse to wait
            ManagedChannel direct = PluginChannelBuilder.forAddress(pair.resources, listener.pluginAddress())
                    .directExecutor().build();
            try {
                CompletableFuture<Void> closed = new CompletableFuture<>();
                HealthGrpc.newStub(direct).check(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(io.grpc.health.v1.HealthCheckResponse response) {
                        try {
                            pair.host.close();
                            closed.complete(null);
                        } catch (RuntimeException e) {
                            closed.completeExceptionally(e);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        closed.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
                closed.get(20, TimeUnit.SECONDS);
            } finally {
                direct.shutdownNow();
            }
            assertThat(socket).doesNotExist();
            assertThat(socket.getParent()).doesNotExist();
        }
    }

    @Test
    void nothingKeepsRunningAfterClose() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        TestTls identities = new TestTls();
        BrokerTls hostTls = identities.host();
        BrokerTls pluginTls = identities.plugin();
        try (BrokerPair pair = new BrokerPair(Network.UNIX, socketParent, o -> o.withTls(hostTls),
                o -> o.withTls(pluginTls))) {
            int hostId = pair.host.nextId();
            pair.host.acceptAndServe(hostId, new HealthStatusManager().getHealthService());
            int pluginId = pair.plugin.nextId();
            pair.plugin.acceptAndServe(pluginId, new HealthStatusManager().getHealthService());
            assertThat(check(pair.plugin.dial(hostId))).isEqualTo(ServingStatus.SERVING);
            assertThat(check(pair.host.dial(pluginId))).isEqualTo(ServingStatus.SERVING);
        }
        try (Stream<Path> left = Files.list(socketParent)) {
            assertThat(left).isEmpty();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> extra;
        do {
            extra = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t))
                    // process-wide pools of grpc-java and Netty, shared by every channel and server,
                    // which end by themselves when idle
                    .map(Thread::getName)
                    .filter(name -> !name.startsWith("grpc-default-executor") && !name.startsWith("grpc-timer")
                            && !name.startsWith("grpc-shared-destroyer") && !name.startsWith("globalEventExecutor"))
                    .toList();
        } while (!extra.isEmpty() && System.nanoTime() < deadline && sleepBriefly());
        assertThat(extra).isEmpty();
    }

    private static boolean sleepBriefly() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Response side of a raw host stream: the tests only send. */
    private static final class NoReplies implements StreamObserver<ConnInfo> {
        @Override
        public void onNext(ConnInfo value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
