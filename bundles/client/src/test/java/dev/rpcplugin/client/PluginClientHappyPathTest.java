package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.assertEmpty;
import static dev.rpcplugin.client.TestSupport.assertGone;
import static dev.rpcplugin.client.TestSupport.assertNoProcessesLeft;
import static dev.rpcplugin.client.TestSupport.echo;
import static dev.rpcplugin.client.TestSupport.javaPlugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.rpcplugin.client.testplugin.EchoService;
import dev.rpcplugin.protocol.BrokerTls;
import dev.rpcplugin.protocol.LargeMessageParsing;
import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import io.grpc.CallOptions;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginClientHappyPathTest {

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
    void aClientsOwnSocketDirectoryParentHoldsItsSocketAndIsSweptOfLeftoversOnce(@TempDir Path own)
            throws Exception {
        Path leftover = java.nio.file.Files.createDirectory(own.resolve("rpcp4242"));
        java.nio.file.Files.writeString(leftover.resolve(dev.rpcplugin.transport.OrphanedSocketDirectories.OWNER_FILE),
                ownerLineOfAnEndedProcess());

        PluginClient client = javaPlugin(host).socketDirectoryParent(own).build().start();

        assertThat(client.address()).startsWith(own.toString() + "/rpcp");
        assertThat(echo(client, "here")).isEqualTo("here");
        TestSupport.await(() -> !java.nio.file.Files.exists(leftover), "the leftover of a killed host to be swept");
        client.kill();
        assertEmpty(own);
    }

    /** The owner line a process that has ended would have written: pid namespace, pid, start ticks. */
    private static String ownerLineOfAnEndedProcess() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        String namespace = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String startTicks = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]; // field 22 of stat
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return namespace + " " + process.pid() + " " + startTicks + "\n";
    }

    @Test
    void livePluginsKeepNoPooledThreadBusyButTheSharedPipePoller() throws Exception {
        AtomicInteger busy = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        java.util.concurrent.Executor counting = task -> pool.execute(() -> {
            busy.incrementAndGet();
            try {
                task.run();
            } finally {
                busy.decrementAndGet();
            }
        });
        try (PluginHost shared = PluginHost.builder().socketDirectoryParent(sockets).executor(counting).build()) {
            List<PluginClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(javaPlugin(shared).build().start());
            }
            for (PluginClient client : clients) {
                assertThat(echo(client, "ping")).isEqualTo("ping");
            }
            TestSupport.await(() -> busy.get() == 1, "only the pipe poller to stay busy, " + busy.get() + " busy");
            assertThat(clients).allSatisfy(client -> assertThat(client.recentStderr())
                    .anySatisfy(line -> assertThat(line).contains("plugin address")));

            for (PluginClient client : clients) {
                client.kill();
            }
            TestSupport.await(() -> busy.get() == 0, "the pipe poller to end with the last plugin");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSuppliedExecutorShutDownBeforeTheHostStillLetsCloseStopThePluginAndTellItsExit() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            PluginHost shared = PluginHost.builder().socketDirectoryParent(sockets).executor(pool).build();
            PluginClient client = javaPlugin(shared).build().start();
            CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
            client.addExitListener((plugin, code) -> exit.complete(code));
            long pid = client.pid();
            pool.shutdown(); // the application's mistake: its pool goes first, the pipe poller still on it

            CompletableFuture<Void> closing = CompletableFuture.runAsync(shared::close);

            closing.get(30, TimeUnit.SECONDS);
            assertThat(exit.get(10, TimeUnit.SECONDS)).as("the exit told to the listener").isNotNull();
            assertGone(pid);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void plaintextStartCallAndKill() throws Exception {
        // exit 0 is asserted: a loaded machine may need more than the default 2 s before a SIGKILL
        PluginClient client = javaPlugin(host).stopGrace(Duration.ofSeconds(10)).build().start();
        CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        client.addExitListener((plugin, code) -> exit.complete(code));

        assertThat(client.state()).isEqualTo(PluginClient.State.CONNECTED);
        assertThat(client.tls()).isFalse();
        assertThat(client.network()).isEqualTo("unix");
        assertThat(client.address()).startsWith(sockets.toString());
        assertThat(client.protocolVersion()).isEqualTo(1);
        assertThat(ProcessHandle.of(client.pid())).isPresent();
        assertThat(echo(client, "ping")).isEqualTo("ping");
        assertThat(client.reattachConfig()).isEqualTo(
                new ReattachConfig("grpc", 1, "unix", client.address(), client.pid(), false));
        assertThat(client.recentStderr()).anySatisfy(line -> assertThat(line).contains("plugin address"));

        long pid = client.pid();
        client.kill();
        assertThat(exit.get(10, TimeUnit.SECONDS)).hasValue(0);
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        assertGone(pid);
        assertEmpty(sockets);
        assertThat(host.runningPlugins()).isEmpty();
    }

    @Test
    void largeMessagesAreParsedWithOneCopyOnBothSides() throws Exception {
        PluginClient client = javaPlugin(host).build().start();
        for (int size : new int[] {100, 200_000}) {
            byte[] sent = new byte[size];
            Arrays.fill(sent, (byte) 7);
            ByteString answer = ClientCalls.blockingUnaryCall(client.channel(), EchoService.BYTES,
                    CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
                    BytesValue.of(ByteString.copyFrom(sent))).getValue();

            assertThat(answer.substring(0, size).toByteArray()).isEqualTo(sent);
            boolean large = size >= LargeMessageParsing.THRESHOLD_BYTES;
            assertThat(answer.byteAt(size)).as("the plugin parsed the request of %d bytes with one copy", size)
                    .isEqualTo((byte) (large ? 1 : 0));
            assertThat(EchoService.backingArrayLength(answer) > answer.size())
                    .as("the host parsed the response of %d bytes with one copy", size).isEqualTo(large);
        }
        client.kill();
    }

    @Test
    void autoMtlsStartCallAndKill() throws Exception {
        PluginClient first = javaPlugin(host).autoMtls(true).build().start();
        PluginClient second = javaPlugin(host).name("second").autoMtls(true).build().start();

        assertThat(first.tls()).isTrue();
        // one host identity, made once, given to every plugin
        String hostCert = host.hostIdentity().certificatePem();
        assertThat(echo(first, "env:PLUGIN_CLIENT_CERT")).isEqualTo(hostCert);
        assertThat(echo(second, "env:PLUGIN_CLIENT_CERT")).isEqualTo(hostCert);
        assertThat(echo(first, "secure")).isEqualTo("secure");
        assertThat(echo(second, "also")).isEqualTo("also");
        assertThat(host.runningPlugins()).containsExactlyInAnyOrder(first, second);

        first.kill();
        second.kill();
    }

    @Test
    void hostAndPluginVersionsAreNegotiated() throws Exception {
        PluginClient client = javaPlugin(host).protocolVersions(1, 2, 3).environment("TEST_PLUGIN_VERSIONS", "2,5")
                .build().start();
        assertThat(client.protocolVersion()).isEqualTo(2);
        assertThat(echo(client, "v")).isEqualTo("v");
        client.kill();
    }

    @Test
    void brokerConnectsBothWays() throws Exception {
        for (boolean autoMtls : new boolean[] {false, true}) {
            try (PluginClient client = javaPlugin(host).autoMtls(autoMtls).build().start()) {
                int id = client.broker().nextId();
                client.broker().acceptAndServe(id, new EchoService(System.out, System.err, null, null));
                assertThat(echo(client, "dial:" + id)).as("autoMtls=" + autoMtls).isEqualTo("peer said via broker");
            }
        }
    }

    @Test
    void grpcStdioAndStdoutReachTheirSinks() throws Exception {
        LinkedBlockingQueue<String> stdio = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        PluginClient client = javaPlugin(host)
                .syncStderr(bytes -> stdio.add(new String(bytes, StandardCharsets.UTF_8)))
                .stdoutSink(stdout::add)
                .build().start();
        echo(client, "stdio-err:over the stream");
        echo(client, "stdout:after the handshake");
        assertThat(stdio.poll(10, TimeUnit.SECONDS)).isEqualTo("over the stream");
        assertThat(stdout.poll(10, TimeUnit.SECONDS)).isEqualTo("after the handshake");
        client.kill();
    }

    @Test
    void stdioLinesAreCutAndALastLineWithoutItsEndComesWhenTheStreamEnds() throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        PluginClient client = javaPlugin(host).syncStderrLines(lines::add).build().start();
        echo(client, "stdio-err:one\ntwo\nthree"); // the plugin writes these bytes as they are
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("one");
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("two");
        assertThat(lines.poll(200, TimeUnit.MILLISECONDS)).as("a line not ended yet").isNull();
        client.kill();
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("three");
    }

    @Test
    void stderrIsForwardedToTheNamedLoggerAtTheRightLevels() throws Exception {
        List<String> raw = new CopyOnWriteArrayList<>();
        try (StderrCapture capture = new StderrCapture()) {
            PluginClient client = javaPlugin(host).name("kv-plugin").stderrSink(raw::add).build().start();
            echo(client, "stderr:[WARN] low on disk");
            echo(client, "stderr:{\"@level\":\"error\",\"@message\":\"put failed\",\"key\":\"k1\"}");
            echo(client, "stderr:{\"@level\":\"INFO\",\"@message\":\"stored\",\"@timestamp\":"
                    + "\"2026-11-24T15:24:06.556226Z\",\"n\":3}");
            echo(client, "stderr:just text");
            capture.awaitLine(line -> line.contains("WARN plugin.kv-plugin - [WARN] low on disk"));
            capture.awaitLine(line -> line.contains("ERROR plugin.kv-plugin - put failed key=k1"));
            capture.awaitLine(line -> line.contains(
                    "INFO plugin.kv-plugin - stored n=3 timestamp=2026-11-24T15:24:06.556226Z"));
            capture.awaitLine(line -> line.contains("DEBUG plugin.kv-plugin - just text"));
            // the raw copy is made right after the log record, on the same reader thread
            TestSupport.await(() -> raw.contains("just text"), "raw copy of the last line");
            assertThat(raw).contains("[WARN] low on disk", "just text");
            assertThat(client.recentStderr()).contains("just text");
            client.kill();
        }
    }

    @Test
    void exitOfThePluginIsNoticedAtOnceAndCleanedUp() throws Exception {
        PluginClient client = javaPlugin(host).build().start();
        CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        client.addExitListener((plugin, code) -> exit.complete(code));
        try {
            echo(client, "exit:7");
        } catch (StatusRuntimeException e) {
            // the process may die before the reply leaves it
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).hasValue(7);
        assertThat(client.awaitExit(Duration.ofSeconds(10))).hasValue(7);
        // teardown after an exit runs by itself: socket directory removed, host forgets the plugin
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.state() != PluginClient.State.STOPPED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        assertEmpty(sockets);
        assertThat(host.runningPlugins()).isEmpty();
        List<OptionalInt> late = new ArrayList<>();
        client.addExitListener((plugin, code) -> late.add(code));
        assertThat(late).containsExactly(OptionalInt.of(7));
        client.kill(); // idempotent after the exit
    }

    @Test
    void concurrentKillsAllReturnAfterOneTeardown() throws Exception {
        PluginClient client = javaPlugin(host).build().start();
        AtomicInteger told = new AtomicInteger();
        client.addExitListener((plugin, code) -> told.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> kills = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                kills.add(pool.submit(client::kill));
            }
            for (Future<?> kill : kills) {
                kill.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        assertThat(client.hasExited()).isTrue();
        TestSupport.await(() -> told.get() > 0, "the exit listener");
        assertThat(told).hasValue(1);
    }

    @Test
    void killBeforeStartAndStartAfterKillAreHandled() {
        PluginClient client = javaPlugin(host).build();
        client.kill();
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
        assertThatThrownBy(client::channel).isInstanceOf(IllegalStateException.class).hasMessageContaining("not connected");
    }

    @Test
    void closingTheHostKillsItsPlugins() throws Exception {
        PluginClient a = javaPlugin(host).name("a").build().start();
        PluginClient b = javaPlugin(host).name("b").build().start();
        host.close();
        assertThat(a.state()).isEqualTo(PluginClient.State.STOPPED);
        assertThat(b.state()).isEqualTo(PluginClient.State.STOPPED);
        assertGone(a.pid());
        assertGone(b.pid());
    }

    @Test
    void explicitTlsForTheChannelAndTheBroker() throws Exception {
        TlsIdentity hostId = AutoMtlsCertificates.generate();
        TlsIdentity pluginId = AutoMtlsCertificates.generate();
        PluginClient client = javaPlugin(host)
                .environment("TEST_PLUGIN_TLS_CERT", pluginId.certificatePem())
                .environment("TEST_PLUGIN_TLS_KEY", pluginId.privateKeyPem())
                .environment("TEST_PLUGIN_TLS_TRUST", hostId.certificatePem())
                .tls(TlsContexts.client(hostId, pluginId.certificate()))
                .brokerTls(BrokerTls.of(hostId, pluginId.certificate()))
                .build().start();
        assertThat(client.tls()).isTrue();
        assertThat(echo(client, "explicit")).isEqualTo("explicit");
        int id = client.broker().nextId();
        client.broker().acceptAndServe(id, new EchoService(System.out, System.err, null, null));
        assertThat(echo(client, "dial:" + id)).isEqualTo("peer said via broker");
        client.kill();
    }

    @Test
    void environmentPolicies() throws Exception {
        assumeTrue(System.getenv("HOME") != null && System.getenv("PATH") != null, "needs HOME and PATH");
        try (PluginClient inherit = javaPlugin(host).environment("APP_SETTING", "a").build().start()) {
            assertThat(echo(inherit, "env:HOME")).isEqualTo(System.getenv("HOME"));
            assertThat(echo(inherit, "env:APP_SETTING")).isEqualTo("a");
            assertThat(echo(inherit, "env:PLUGIN_PROTOCOL_VERSIONS")).isEqualTo("1");
            assertThat(echo(inherit, "env:PLUGIN_UNIX_SOCKET_DIR")).startsWith(sockets.toString());
        }
        try (PluginClient allowList = javaPlugin(host).hostEnvironmentAllowList(List.of("PATH"))
                .environment("APP_SETTING", "b").build().start()) {
            assertThat(echo(allowList, "env:PATH")).isEqualTo(System.getenv("PATH"));
            assertThat(echo(allowList, "env:HOME")).isEqualTo("null");
            assertThat(echo(allowList, "env:APP_SETTING")).isEqualTo("b");
            assertThat(echo(allowList, "env:BASIC_PLUGIN")).isEqualTo("hello");
        }
    }

    @Test
    void portRangeReachesThePluginAndStartPhasesAreReported() throws Exception {
        List<StartPhase> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PluginClient client = javaPlugin(host).portRange(20000, 20100).startProgress(phases::add)
                .build().start()) {
            assertThat(echo(client, "env:PLUGIN_MIN_PORT")).isEqualTo("20000");
            assertThat(echo(client, "env:PLUGIN_MAX_PORT")).isEqualTo("20100");
            assertThat(phases).containsExactly(StartPhase.HANDSHAKING, StartPhase.CONNECTING);
        }
        assertThatThrownBy(() -> javaPlugin(host).portRange(30000, 20000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30000");
    }
}
