package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.assertEmpty;
import static dev.rpcplugin.client.TestSupport.assertGone;
import static dev.rpcplugin.client.TestSupport.assertNoProcessesLeft;
import static dev.rpcplugin.client.TestSupport.echo;
import static dev.rpcplugin.client.TestSupport.javaPlugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.testplugin.EchoService;
import dev.rpcplugin.client.testplugin.SilentHealth;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginClientReattachTest {

    @TempDir
    Path sockets;

    private PluginHost host;

    @BeforeEach
    void createHost() {
        host = PluginHost.builder().socketDirectoryParent(sockets).build();
    }

    @AfterEach
    void closeHost() throws Exception {
        host.close();
        assertNoProcessesLeft();
        assertEmpty(sockets);
    }

    @Test
    void reattachInTestModeOnlyDisconnects() throws Exception {
        PluginClient launched = javaPlugin(host).build().start();
        ReattachConfig original = launched.reattachConfig();
        ReattachConfig testMode = ReattachConfig.fromJson(original.toJson().replace("\"Test\":false", "\"Test\":true"));

        PluginClient reattached = PluginClient.builder(host).reattach(testMode).build().start();
        assertThat(reattached.pid()).isEqualTo(launched.pid());
        assertThat(reattached.address()).isEqualTo(launched.address());
        assertThat(reattached.reattachConfig()).isEqualTo(testMode);
        assertThat(reattached.name()).isEqualTo("pid-" + launched.pid());
        assertThat(echo(reattached, "again")).isEqualTo("again");

        reattached.kill();
        assertThat(reattached.state()).isEqualTo(PluginClient.State.STOPPED);
        assertThat(launched.state()).isEqualTo(PluginClient.State.CONNECTED);
        assertThat(echo(launched, "still here")).isEqualTo("still here");
        launched.kill();
    }

    @Test
    void reattachOutsideTestModeKillsThePluginAndSeesItExit() throws Exception {
        PluginClient launched = javaPlugin(host).build().start();
        CompletableFuture<OptionalInt> launchedExit = new CompletableFuture<>();
        launched.addExitListener((plugin, code) -> launchedExit.complete(code));

        // exit 0 is asserted: a loaded machine may need more than the default 2 s before a SIGKILL
        PluginClient reattached = PluginClient.builder(host).name("again").reattach(launched.reattachConfig())
                .stopGrace(Duration.ofSeconds(10)).build().start();
        CompletableFuture<OptionalInt> reattachedExit = new CompletableFuture<>();
        reattached.addExitListener((plugin, code) -> reattachedExit.complete(code));
        assertThat(echo(reattached, "x")).isEqualTo("x");

        reattached.kill();
        assertThat(launchedExit.get(10, TimeUnit.SECONDS)).hasValue(0);
        // a reattached process is no child of ours: its exit is seen by polling the pid, without exit code
        assertThat(reattachedExit.get(15, TimeUnit.SECONDS)).isEmpty();
        assertThat(reattached.awaitExit(Duration.ofSeconds(1))).isEmpty();
        assertGone(launched.pid());
        launched.kill();
    }

    @Test
    void aReattachedPluginsExitIsWatchedWithoutAJdkThreadOfItsOwn() throws Exception {
        assertThat(host.spawner().isNative()).as("plugins started natively (JNA on the class path)").isTrue();
        PluginClient launched = javaPlugin(host).build().start();
        long watchersBefore = jdkExitWatchers();
        ReattachConfig testMode = ReattachConfig.fromJson(launched.reattachConfig().toJson()
                .replace("\"Test\":false", "\"Test\":true"));
        PluginClient reattached = PluginClient.builder(host).name("again").reattach(testMode).build().start();
        CompletableFuture<OptionalInt> reattachedExit = new CompletableFuture<>();
        reattached.addExitListener((plugin, code) -> reattachedExit.complete(code));

        // the JDK's watch of a pid starts on a pooled thread: give it the time to show up
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            assertThat(jdkExitWatchers()).as("JDK threads waiting for a process's exit").isLessThanOrEqualTo(watchersBefore);
            Thread.sleep(20);
        }
        launched.kill();
        assertThat(reattachedExit.get(10, TimeUnit.SECONDS)).isEmpty();
        reattached.kill();
    }

    @Test
    void theLookOutForJdkExitWatchersSeesTheThreadOfAJavaLangProcess() throws Exception {
        long before = jdkExitWatchers();
        Process child = new ProcessBuilder("sleep", "30").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (jdkExitWatchers() <= before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(jdkExitWatchers()).as("JDK threads waiting for a process's exit").isGreaterThan(before);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long jdkExitWatchers() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(frame ->
                        frame.getClassName().equals("java.lang.ProcessHandleImpl")
                                && frame.getMethodName().equals("waitForProcessExit0")))
                .count();
    }

    @Test
    void reattachToAMissingPidFailsClearly() {
        ReattachConfig config = new ReattachConfig("grpc", 1, "unix", sockets.resolve("nothing").toString(),
                Integer.MAX_VALUE - 7, false);
        assertThatThrownBy(() -> PluginClient.builder(host).reattach(config).build().start())
                .isInstanceOfSatisfying(PluginStartException.class, e -> assertThat(e.reason())
                        .isEqualTo(PluginStartException.Reason.REATTACH_PROCESS_NOT_FOUND))
                .hasMessageContaining("reattachment process not found").hasMessageContaining(
                        Integer.toString(Integer.MAX_VALUE - 7));
    }

    @Test
    void reattachToADeadSocketFailsWithoutKillingThePid() throws Exception {
        ReattachConfig config = new ReattachConfig("grpc", 1, "unix", sockets.resolve("nothing").toString(),
                ProcessHandle.current().pid(), false);
        assertThatThrownBy(() -> PluginClient.builder(host).reattach(config).startTimeout(Duration.ofSeconds(5))
                .build().start())
                .isInstanceOfSatisfying(PluginStartException.class, e -> assertThat(e.reason())
                        .isEqualTo(PluginStartException.Reason.CONNECTION_FAILED))
                .hasMessageContaining(sockets.resolve("nothing").toString());
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void failedReattachesToALiveProcessLeaveNoWatchOfItBehind() throws Exception {
        assertThat(host.spawner().isNative()).as("plugins started natively (JNA on the class path)").isTrue();
        Process target = new ProcessBuilder("sleep", "300").start();
        try {
            ReattachConfig config = new ReattachConfig("grpc", 1, "unix", sockets.resolve("nothing").toString(),
                    target.pid(), false);
            reattachFailsToConnect(config); // the reaper's thread and its eventfd come with the first watch
            long pidfdsBefore = openPidfds();

            for (int i = 0; i < 50; i++) {
                reattachFailsToConnect(config);
            }

            // each watch is dropped on the reaper's thread, soon after the start failed
            TestSupport.await(() -> openPidfds() <= pidfdsBefore, "the pidfds of failed reattaches to be closed");
            assertThat(target.isAlive()).isTrue();
        } finally {
            target.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTestModeDisconnectStopsWatchingTheProcess() throws Exception {
        PluginClient launched = javaPlugin(host).build().start();
        ReattachConfig testMode = ReattachConfig.fromJson(launched.reattachConfig().toJson()
                .replace("\"Test\":false", "\"Test\":true"));
        disconnectAfterACall(testMode);
        long pidfdsBefore = openPidfds();

        CompletableFuture<OptionalInt> toldAfterDisconnect = new CompletableFuture<>();
        for (int i = 0; i < 20; i++) {
            PluginClient reattached = disconnectAfterACall(testMode);
            reattached.addExitListener((plugin, code) -> toldAfterDisconnect.complete(code));
        }

        TestSupport.await(() -> openPidfds() <= pidfdsBefore, "the pidfds of disconnected reattaches to be closed");
        // told the same way, on the same pool, as the disconnected ones would be: their telling is over by then
        PluginClient stillConnected = PluginClient.builder(host).name("watcher").reattach(testMode).build().start();
        CompletableFuture<OptionalInt> toldWhileConnected = new CompletableFuture<>();
        stillConnected.addExitListener((plugin, code) -> toldWhileConnected.complete(code));
        launched.kill();
        assertThat(toldWhileConnected.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThatThrownBy(() -> toldAfterDisconnect.get(1, TimeUnit.SECONDS))
                .as("exit listeners of clients that had let the process go")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        stillConnected.kill();
    }

    private PluginClient disconnectAfterACall(ReattachConfig testMode) throws Exception {
        PluginClient reattached = PluginClient.builder(host).name("visitor").reattach(testMode).build().start();
        assertThat(echo(reattached, "hello")).isEqualTo("hello");
        reattached.kill();
        return reattached;
    }

    private void reattachFailsToConnect(ReattachConfig config) {
        assertThatThrownBy(() -> PluginClient.builder(host).reattach(config).startTimeout(Duration.ofSeconds(5))
                .build().start())
                .isInstanceOfSatisfying(PluginStartException.class, e -> assertThat(e.reason())
                        .isEqualTo(PluginStartException.Reason.CONNECTION_FAILED));
    }

    /** File descriptors of this JVM that are pidfds ({@code anon_inode:[pidfd]}). */
    private static long openPidfds() {
        long count = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().contains("pidfd")) {
                        count++;
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return count;
    }

    @Test
    void reattachRefusesNetrpc() {
        ReattachConfig config = ReattachConfig.fromJson(
                "{\"Pid\":" + ProcessHandle.current().pid() + ",\"Addr\":{\"Network\":\"unix\",\"String\":\"/tmp/x\"}}");
        assertThatThrownBy(() -> PluginClient.builder(host).reattach(config).build().start())
                .isInstanceOfSatisfying(PluginStartException.class, e -> assertThat(e.reason())
                        .isEqualTo(PluginStartException.Reason.UNSUPPORTED_PROTOCOL))
                .hasMessageContaining("unsupported plugin protocol \"netrpc\"");
    }

    @Test
    void builderRejectsConflictingSettings() {
        ReattachConfig config = new ReattachConfig("grpc", 1, "unix", "/tmp/x", 1, true);
        assertThatThrownBy(() -> PluginClient.builder(host).reattach(config).autoMtls(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AutoMTLS cannot be used with reattach");
        assertThatThrownBy(() -> PluginClient.builder(host).reattach(config).command("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one of command or reattach");
        assertThatThrownBy(() -> PluginClient.builder(host).reattach(config)
                .checksumSha256("0".repeat(64)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reattach or checksum");
        assertThatThrownBy(() -> PluginClient.builder(host).command("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("magic cookie");
        assertThatThrownBy(() -> PluginClient.builder(host).checksumSha256("abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abc");
        assertThatThrownBy(() -> PluginClient.builder(host).allowedProtocols("netrpc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netrpc");
        assertThatThrownBy(() -> PluginClient.builder(host).allowedNetworks("udp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("udp");
        assertThatThrownBy(() -> PluginClient.builder(host).startTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start timeout");
        assertThatThrownBy(() -> PluginClient.builder(host).lenientHandshake(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void reattachToAPluginServedInThisProcessNeverKillsTheHost() throws Exception {
        Path socket = sockets.resolve("plugin-in-process");
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("plugin", HealthCheckResponse.ServingStatus.SERVING);
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group)
                .addService(health.getHealthService())
                .addService(new EchoService(System.out, System.err, null, null))
                .build().start();
        try {
            // go-plugin's test mode serves the plugin inside the host: the pid is the host's own
            ReattachConfig config = new ReattachConfig("grpc", 1, "unix", socket.toString(),
                    ProcessHandle.current().pid(), false);
            PluginClient client = PluginClient.builder(host).reattach(config).build().start();
            assertThat(echo(client, "in-process")).isEqualTo("in-process");
            client.kill();
            assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
            assertThat(client.hasExited()).isFalse();
            assertThat(server.isShutdown()).isFalse();
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void reattachOverTcp() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("plugin", HealthCheckResponse.ServingStatus.SERVING);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService())
                .addService(new EchoService(System.out, System.err, null, null))
                .build().start();
        try {
            int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
            ReattachConfig config = new ReattachConfig("grpc", 3, "tcp", "127.0.0.1:" + port,
                    ProcessHandle.current().pid(), true);
            PluginClient client;
            try (StderrCapture log = new StderrCapture()) {
                client = PluginClient.builder(host).name("on-tcp").reattach(config).build().start();
                assertThat(log.text()).as("every local user can connect to it").contains("plugin on-tcp listens on"
                        + " plaintext TCP 127.0.0.1:" + port + ", which every local user can connect to");
            }
            assertThat(client.network()).isEqualTo("tcp");
            assertThat(client.protocolVersion()).isEqualTo(3);
            assertThat(echo(client, "over tcp")).isEqualTo("over tcp");
            client.kill();
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void killDuringAReattachEndsItAtOnceAndKillsTheProcess() throws Exception {
        Process target = new ProcessBuilder("sleep", "300").start();
        try {
            assertThat(killDuringTheHealthCheckOfAReattach(target.pid(), false)).isEqualTo(PluginStartException.Reason.KILLED);
            assertGone(target.pid());
        } finally {
            target.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void killDuringAReattachInTestModeEndsItAtOnceAndOnlyDisconnects() throws Exception {
        Process target = new ProcessBuilder("sleep", "300").start();
        try {
            assertThat(killDuringTheHealthCheckOfAReattach(target.pid(), true)).isEqualTo(PluginStartException.Reason.KILLED);
            assertThat(target.isAlive()).isTrue();
        } finally {
            target.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Reattaches to a server that never answers health checks, kills the client once it asks, returns the reason. */
    private PluginStartException.Reason killDuringTheHealthCheckOfAReattach(long pid, boolean test) throws Exception {
        Path socket = sockets.resolve("silent");
        Path asked = sockets.resolve("asked");
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group)
                .addService(new SilentHealth(asked))
                .build().start();
        try {
            PluginClient client = PluginClient.builder(host)
                    .reattach(new ReattachConfig("grpc", 1, "unix", socket.toString(), pid, test))
                    .startTimeout(Duration.ofSeconds(40)).build();
            CompletableFuture<PluginStartException> outcome = TestSupport.startInBackground(client);
            TestSupport.await(() -> Files.exists(asked), "the health check to arrive");

            client.kill();

            PluginStartException failure = outcome.get(10, TimeUnit.SECONDS);
            assertThat(failure).as("start() failed").isNotNull();
            assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
            return failure.reason();
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(asked);
        }
    }
}
