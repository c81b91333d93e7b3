package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.assertEmpty;
import static dev.rpcplugin.client.TestSupport.assertGone;
import static dev.rpcplugin.client.TestSupport.assertNoProcessesLeft;
import static dev.rpcplugin.client.TestSupport.echo;
import static dev.rpcplugin.client.TestSupport.javaPlugin;
import static dev.rpcplugin.client.TestSupport.javaPluginShellCommand;
import static dev.rpcplugin.client.TestSupport.script;
import static dev.rpcplugin.client.TestSupport.scriptPlugin;
import static dev.rpcplugin.client.TestSupport.startInBackground;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.PluginStartException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Misbehaving plugins: each start fails with a clear, typed error and leaves no process or socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginClientStartFailureTest {

    @TempDir
    Path sockets;
    @TempDir
    Path work;

    private PluginHost host;
    private Path pids;

    @BeforeEach
    void createHost() {
        host = PluginHost.builder().socketDirectoryParent(sockets).build();
        pids = work.resolve("pids");
    }

    @AfterEach
    void checkNothingIsLeft() throws Exception {
        if (Files.exists(pids)) {
            assertGone(pids);
        }
        host.close();
        assertNoProcessesLeft();
        assertEmpty(sockets);
    }

    private Path plugin(String body) throws Exception {
        return script(work, "plugin.sh", "echo $$ >> '" + pids + "'\n" + body);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertStartFails(PluginClient client, Reason reason) {
        return assertThatThrownBy(client::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            LoggerFactory.getLogger(PluginClientStartFailureTest.class).info("start failed as expected: {}", e.getMessage());
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        });
    }

    @Test
    void missingExecutable() {
        Path missing = work.resolve("no-such-plugin");
        assertStartFails(scriptPlugin(host, missing).build(), Reason.EXECUTABLE_NOT_FOUND)
                .hasMessageContaining("plugin executable not found: " + missing);
    }

    @Test
    void missingExecutableOnPath() {
        assertStartFails(PluginClient.builder(host).command("rpcplugin-no-such-command")
                .magicCookie("K", "V").build(), Reason.EXECUTABLE_NOT_FOUND)
                .hasMessageContaining("\"rpcplugin-no-such-command\" not found on PATH");
    }

    @Test
    void notExecutable() throws Exception {
        Path file = work.resolve("plain.txt");
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        assertStartFails(scriptPlugin(host, file).build(), Reason.NOT_EXECUTABLE)
                .hasMessageContaining("not executable").hasMessageContaining(file.toString());
    }

    @Test
    void checksumMismatchNeverStartsTheProcess() throws Exception {
        Path marker = work.resolve("ran");
        Path plugin = script(work, "plugin.sh", "touch '" + marker + "'");
        assertStartFails(scriptPlugin(host, plugin).checksumSha256("ab".repeat(32)).build(), Reason.CHECKSUM_MISMATCH)
                .hasMessageContaining("checksums did not match").hasMessageContaining("ab".repeat(32));
        assertThat(marker).doesNotExist();
    }

    @Test
    void matchingChecksumStarts() throws Exception {
        Path plugin = script(work, "plugin.sh", "exec " + javaPluginShellCommand());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(plugin)));
        PluginClient client = scriptPlugin(host, plugin).checksumSha256(sha256).build().start();
        assertThat(echo(client, "checked")).isEqualTo("checked");
        client.kill();
    }

    @Test
    void exitsAtOnceWithItsExitCodeAndStderrInTheMessage() throws Exception {
        PluginClient client = scriptPlugin(host, plugin("echo 'cannot read /etc/kv.conf' >&2\nexit 3")).build();
        assertThatThrownBy(client::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.EXITED_BEFORE_HANDSHAKE);
            assertThat(e.exitCode()).hasValue(3);
            assertThat(e.stderrTail()).containsExactly("cannot read /etc/kv.conf");
            assertThat(e.getMessage()).contains("exited before we could connect (exit code 3)",
                    "cannot read /etc/kv.conf", "Unrecognized remote plugin message");
        });
    }

    @Test
    void aDeathBySignalBeforeTheHandshakeNamesTheSignal() throws Exception {
        PluginClient client = scriptPlugin(host, plugin("echo 'out of memory' >&2\nkill -KILL $$")).build();
        assertThatThrownBy(client::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.EXITED_BEFORE_HANDSHAKE);
            assertThat(e.exitCode()).hasValue(137);
            assertThat(e.getMessage()).contains("exited before we could connect (exit code 137, signal 9, SIGKILL)",
                    "out of memory");
        });
    }

    @Test
    void pluginThatExitsWhileItsChildKeepsStdoutOpenFailsAtOnceAndTheChildIsKilled() throws Exception {
        // the child holds the plugin's stdout and stderr: no end of file tells that the plugin is gone
        Path reading = work.resolve("reading");
        PluginClient client = scriptPlugin(host, plugin("sleep 300 &\necho $! >> '" + pids + "'\n"
                + "while [ ! -e '" + reading + "' ]; do sleep 0.01; done\n"
                + "echo 'cannot read /etc/kv.conf' >&2\nexit 3")).startTimeout(Duration.ofSeconds(40))
                .startProgress(createOnHandshaking(reading)).build(); // the plugin exits once the host reads
        assertThatThrownBy(client::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.EXITED_BEFORE_HANDSHAKE);
            assertThat(e.exitCode()).hasValue(3);
            assertThat(e.stderrTail()).containsExactly("cannot read /etc/kv.conf");
            assertThat(e.getMessage()).contains("exited before we could connect (exit code 3)");
        });
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        assertThat(Files.readAllLines(pids)).hasSize(2);
        assertGone(pids); // the child too, though it was never seen under the plugin
    }

    @Test
    void aDescendantThatEscapedTheKillAndHoldsStdoutKeepsNoHostThreadReading() throws Exception {
        // a new session and an empty environment: the kill finds it neither under the plugin nor by its socket dir
        Path escaped = work.resolve("escaped");
        Path reading = work.resolve("reading");
        PluginClient client = scriptPlugin(host, plugin("setsid env -i sh -c 'echo $$ > \"$0\"; exec sleep 300' '"
                + escaped + "' &\nwhile [ ! -s '" + escaped + "' ] || [ ! -e '" + reading + "' ]; do sleep 0.01; done\n"
                + "exit 3")).startTimeout(Duration.ofSeconds(40))
                .startProgress(createOnHandshaking(reading)).build();
        try {
            assertStartFails(client, Reason.EXITED_BEFORE_HANDSHAKE);
            long escapee = Long.parseLong(Files.readString(escaped).trim());
            assertThat(ProcessHandle.of(escapee).map(ProcessHandle::isAlive)).as("the escaped descendant").hasValue(true);
            TestSupport.await(() -> Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream)
                    .noneMatch(f -> f.getClassName().startsWith("dev.rpcplugin.handshake.")),
                    "no host thread left reading the handshake");
        } finally {
            if (Files.exists(escaped)) {
                ProcessHandle.of(Long.parseLong(Files.readString(escaped).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void wrongCookieIsReportedWithThePluginsOwnWords() {
        PluginClient client = PluginClient.builder(host).command(TestSupport.javaPluginCommand())
                .magicCookie("BASIC_PLUGIN", "wrong").build();
        assertThatThrownBy(client::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.MAGIC_COOKIE_REFUSED);
            assertThat(e.exitCode()).hasValue(1);
            assertThat(e.getMessage()).contains("This binary is a plugin").endsWith("(go-plugin's answer to a"
                    + " missing or wrong magic cookie: check the host's magic cookie against the plugin's handshake"
                    + " config)");
        });
    }

    @Test
    void garbageLine() throws Exception {
        assertStartFails(scriptPlugin(host, plugin("echo 'hello world'\nsleep 300")).build(), Reason.UNRECOGNIZED_HANDSHAKE)
                .hasMessageContaining("plugin plugin.sh: Unrecognized remote plugin message: hello world")
                .hasMessageContaining("To skip lines a plugin prints before its handshake: PluginClientBuilder.lenientHandshake(n)");
    }

    @Test
    void silentPluginTimesOutAndItsWholeTreeIsKilled() throws Exception {
        // the handshake wait begins once the plugin and its child are there: on a loaded machine the
        // script could otherwise still be starting its child when the 1 s start timeout ends
        PluginClient client = scriptPlugin(host, plugin("sleep 300 &\necho $! >> '" + pids + "'\nwait"))
                .name("silent").startTimeout(Duration.ofSeconds(1)).startProgress(phase -> {
                    if (phase == StartPhase.HANDSHAKING) {
                        awaitLines(pids, 2);
                    }
                }).build();
        assertStartFails(client, Reason.TIMEOUT)
                .hasMessage("plugin silent: timeout while waiting for plugin to start (no handshake line within the"
                        + " start timeout of 1000 ms)");
        assertThat(Files.readAllLines(pids)).hasSize(2);
    }

    @Test
    void anExecutorThatQueuesTheHandshakeReadIsNamedWhenTheStartTimesOut() throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor(); // the pipe poller keeps its thread
        try (PluginHost queueing = PluginHost.builder().socketDirectoryParent(sockets).executor(oneThread).build()) {
            PluginClient client = scriptPlugin(queueing, plugin("echo '1|1|unix|/nowhere|grpc|'\nexec sleep 300"))
                    .name("queued").startTimeout(Duration.ofSeconds(1)).build();
            assertStartFails(client, Reason.TIMEOUT).hasMessage("plugin queued: its stdout was never read within the"
                    + " start timeout of 1000 ms: the executor given to PluginHost.Builder.executor() did not run the"
                    + " read (it queues tasks behind running ones; give it a cached pool)");
        } finally {
            oneThread.shutdownNow();
        }
    }

    @Test
    void aPluginThatClosesItsStdoutButRunsOnIsSaidToHaveRunOn() throws Exception {
        PluginClient client = scriptPlugin(host, plugin("exec 1>&-\nexec sleep 300")).name("closer").build();
        assertStartFails(client, Reason.EXITED_BEFORE_HANDSHAKE).hasMessageStartingWith("plugin closer closed its stdout"
                + " without a handshake line and was still running 1000 ms later, so it was killed\n");
    }

    @Test
    void theHostsOwnKillLeavesNoShellReportInTheStderrTail() throws Exception {
        // the shell waits for its child: killed after it, a shell would print "Killed" on stderr
        PluginClient client = scriptPlugin(host, plugin("echo 'about to fail' >&2\necho garbage\nsleep 30")).build();
        assertThatThrownBy(client::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNRECOGNIZED_HANDSHAKE);
            assertThat(e.stderrTail()).containsExactly("about to fail");
        });
    }

    @Test
    void aSocketListenedOnInTheTempDirectoryIsRemovedWhenTheStartIsInterrupted() throws Exception {
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        PluginClient client = listeningSilently(tmp);
        AtomicReference<Thread> starting = new AtomicReference<>();
        CompletableFuture<PluginStartException> outcome = startInBackground(client, starting);
        awaitItsSocket(tmp);

        starting.get().interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(PluginStartException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INTERRUPTED));
        assertThat(listed(tmp)).isEmpty();
    }

    @Test
    void aSocketListenedOnInTheTempDirectoryIsRemovedWhenTheStartIsKilled() throws Exception {
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        PluginClient client = listeningSilently(tmp);
        CompletableFuture<PluginStartException> outcome = startInBackground(client);
        awaitItsSocket(tmp);

        client.kill();

        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(PluginStartException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.KILLED));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // removed once the kill was reaped
        while (!listed(tmp).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listed(tmp)).isEmpty();
    }

    /** A plugin that listens as go-plugin before 1.5 does, in its TMPDIR, but prints no handshake line. */
    private PluginClient listeningSilently(Path tmp) {
        return javaPlugin(host).hostEnvironmentAllowList(List.of("PATH", "HOME"))
                .environment("TEST_PLUGIN_MODE", "bind-silently").environment("TMPDIR", tmp.toString()).build();
    }

    private static void awaitItsSocket(Path tmp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (listed(tmp).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listed(tmp)).as("the plugin's socket").hasSize(1);
    }

    private static List<Path> listed(Path directory) throws java.io.IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }

    @Test
    void aMissingWorkingDirectoryIsNamed() throws Exception {
        Path missing = work.resolve("no-such-dir");
        assertStartFails(javaPlugin(host).workingDirectory(missing).build(), Reason.PROCESS_START_FAILED)
                .hasMessage("the working directory " + missing + " of plugin test-plugin does not exist; the plugin"
                        + " was not started");
        Path file = Files.writeString(work.resolve("a-file"), "");
        assertStartFails(javaPlugin(host).workingDirectory(file).build(), Reason.PROCESS_START_FAILED)
                .hasMessageContaining("the working directory " + file + " of plugin test-plugin is not a directory");
    }

    @Test
    void aFailingHostIdentityIsAStartFailureNamingThePlugin() throws Exception {
        try (PluginHost vaultless = PluginHost.builder().socketDirectoryParent(work).hostIdentity(() -> {
            throw new IllegalStateException("vault unreachable");
        }).build()) {
            assertStartFails(javaPlugin(vaultless).autoMtls(true).build(), Reason.BAD_CERTIFICATE)
                    .hasMessageContaining("test-plugin").hasMessageContaining("vault unreachable");
        }
    }

    @Test
    void aTimeoutBelowAMillisecondIsNotCalledZero() throws Exception {
        assertStartFails(scriptPlugin(host, plugin("exec sleep 300")).startTimeout(Duration.ofNanos(1)).build(),
                Reason.TIMEOUT).hasMessageContaining("start timeout of 0.000001 ms");
    }

    @Test
    void thePidIsKnownWhileTheHandshakeIsAwaited() throws Exception {
        AtomicReference<PluginClient> holder = new AtomicReference<>();
        AtomicReference<Long> seen = new AtomicReference<>();
        PluginClient client = scriptPlugin(host, plugin("exec sleep 300")).startTimeout(Duration.ofSeconds(1))
                .startProgress(phase -> {
                    if (phase == StartPhase.HANDSHAKING) {
                        seen.set(holder.get().pid());
                    }
                }).build();
        holder.set(client);
        assertThatThrownBy(client::pid).isInstanceOf(IllegalStateException.class).hasMessageContaining("no process");
        assertStartFails(client, Reason.TIMEOUT);
        assertThat(seen.get()).isEqualTo(Long.parseLong(Files.readAllLines(pids).get(0)));
    }

    @Test
    void noiseBeforeTheHandshakeFailsInStrictMode() throws Exception {
        Path plugin = plugin("echo 'noise before handshake'\nexec " + javaPluginShellCommand());
        assertStartFails(scriptPlugin(host, plugin).build(), Reason.UNRECOGNIZED_HANDSHAKE)
                .hasMessageContaining("Unrecognized remote plugin message: noise before handshake");
    }

    @Test
    void noiseBeforeTheHandshakeIsSkippedInLenientModeWithAWarning() throws Exception {
        Path plugin = plugin("echo 'noise before handshake'\necho 'more noise'\nexec " + javaPluginShellCommand());
        try (StderrCapture capture = new StderrCapture()) {
            PluginClient client = scriptPlugin(host, plugin).name("noisy").lenientHandshake(5).build().start();
            assertThat(echo(client, "fine")).isEqualTo("fine");
            capture.awaitLine(line -> line.contains("WARN plugin.noisy")
                    && line.contains("before its handshake: noise before handshake"));
            client.kill();
        }
    }

    @Test
    void lenientModeStillFailsPastItsLimit() throws Exception {
        Path plugin = plugin("echo one\necho two\necho three\nexec " + javaPluginShellCommand());
        assertStartFails(scriptPlugin(host, plugin).lenientHandshake(2).build(), Reason.UNRECOGNIZED_HANDSHAKE)
                .hasMessageContaining("three");
    }

    @Test
    void socketThatNeverAppears() throws Exception {
        Path plugin = plugin("echo \"1|1|unix|$PLUGIN_UNIX_SOCKET_DIR/plugin-never|grpc|\"\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).build(), Reason.CONNECTION_FAILED)
                .hasMessageContaining("plugin-never").hasMessageContaining("UNAVAILABLE");
    }

    @Test
    void socketThatRefusesConnections() throws Exception {
        Path plugin = plugin(": > \"$PLUGIN_UNIX_SOCKET_DIR/plugin-dead\"\n"
                + "echo \"1|1|unix|$PLUGIN_UNIX_SOCKET_DIR/plugin-dead|grpc|\"\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).build(), Reason.CONNECTION_FAILED)
                .hasMessageContaining("plugin-dead").hasMessageContaining("UNAVAILABLE")
                .hasMessageNotContaining("does not exist");
    }

    @Test
    void incompatibleAppVersion() throws Exception {
        Path plugin = plugin("echo '1|9|unix|/tmp/x|grpc|'\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).protocolVersions(1, 2).build(), Reason.INCOMPATIBLE_VERSION)
                .hasMessageContaining("incompatible API version with plugin. Plugin version: 9");
    }

    @Test
    void incompatibleCoreVersion() throws Exception {
        Path plugin = plugin("echo '2|1|unix|/tmp/x|grpc|'\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).build(), Reason.INCOMPATIBLE_VERSION)
                .hasMessageContaining("incompatible core API version with plugin");
    }

    @Test
    void unsupportedProtocol() throws Exception {
        Path plugin = plugin("echo '1|1|unix|/tmp/x|netrpc|'\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).build(), Reason.UNSUPPORTED_PROTOCOL)
                .hasMessageContaining("unsupported plugin protocol").hasMessageContaining("netrpc");
    }

    @Test
    void unknownNetwork() throws Exception {
        Path plugin = plugin("echo '1|1|udp|/tmp/x|grpc|'\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).build(), Reason.UNSUPPORTED_NETWORK)
                .hasMessageContaining("udp");
    }

    @Test
    void networkTheHostDoesNotAllow() {
        assertStartFails(javaPlugin(host).allowedNetworks("tcp").build(), Reason.UNSUPPORTED_NETWORK)
                .hasMessageContaining("only allows [tcp]");
    }

    @Test
    void certificateThatIsNotBase64() throws Exception {
        Path plugin = plugin("echo '1|1|unix|/tmp/x|grpc|" + "!".repeat(60) + "'\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).autoMtls(true).build(), Reason.BAD_CERTIFICATE)
                .hasMessageContaining("!!!!");
    }

    @Test
    void certificateThatIsNotACertificate() throws Exception {
        Path plugin = plugin("echo \"1|1|unix|$PLUGIN_UNIX_SOCKET_DIR/p|grpc|" + "QUJD".repeat(20) + "\"\nexec sleep 300");
        assertStartFails(scriptPlugin(host, plugin).autoMtls(true).build(), Reason.BAD_CERTIFICATE)
                .hasMessageContaining("error parsing server cert");
    }

    @Test
    void autoMtlsAgainstAPluginWithoutIt() {
        assertStartFails(javaPlugin(host).autoMtls(true).environment("TEST_PLUGIN_MODE", "no-tls").build(),
                Reason.AUTO_MTLS_NOT_SUPPORTED).hasMessageContaining("does not support AutoMTLS");
    }

    @Test
    void pluginThatIsNotServing() {
        assertStartFails(javaPlugin(host).environment("TEST_PLUGIN_MODE", "not-serving").build(), Reason.NOT_SERVING)
                .hasMessageContaining("NOT_SERVING");
    }

    @Test
    void killDuringStartEndsTheStartAtOnce() throws Exception {
        PluginClient client = scriptPlugin(host, plugin("exec sleep 300")).build();
        CompletableFuture<PluginStartException> outcome = startInBackground(client);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(pids) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        client.kill();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(PluginStartException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.KILLED));
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
    }

    @Test
    void killFromTheStartProgressListenerEndsTheStartWithoutWaitingForItself() throws Exception {
        AtomicReference<PluginClient> self = new AtomicReference<>();
        PluginClient client = scriptPlugin(host, plugin("exec sleep 300")).startProgress(phase -> {
            if (phase == StartPhase.HANDSHAKING) {
                self.get().kill();
            }
        }).build();
        self.set(client);
        assertThat(startInBackground(client).get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(
                PluginStartException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KILLED));
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
    }

    @Test
    void closingTheHostDuringAStartEndsItAndKillsTheWholeTree() throws Exception {
        // the plugin's child is known only from its pid file: nothing of the start has looked for it yet
        PluginClient client = scriptPlugin(host, plugin("sleep 300 &\necho $! >> '" + pids + "'\nwait")).build();
        CompletableFuture<PluginStartException> outcome = startInBackground(client);
        TestSupport.await(() -> lineCount(pids) == 2, "the plugin and its child started");

        host.close();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(PluginStartException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.KILLED));
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        assertGone(pids);
    }

    @Test
    void aClosedHostStartsNothing() throws Exception {
        host.close();
        assertStartFails(scriptPlugin(host, plugin("exec sleep 300")).build(), Reason.KILLED)
                .hasMessageContaining("its host is closed");
        assertThat(pids).doesNotExist();
    }

    @Test
    void killDuringTheHealthCheckEndsTheStartAtOnce() throws Exception {
        Path asked = work.resolve("asked");
        PluginClient client = javaPlugin(host).environment("TEST_PLUGIN_MODE", "silent-health")
                .environment("TEST_PLUGIN_ASKED", asked.toString()).startTimeout(Duration.ofSeconds(40)).build();
        CompletableFuture<PluginStartException> outcome = startInBackground(client);
        TestSupport.await(() -> Files.exists(asked), "the plugin was asked for its health");

        client.kill();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(PluginStartException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.KILLED));
    }

    @Test
    void anInterruptDuringTheHealthCheckIsReportedAsSuch() throws Exception {
        Path asked = work.resolve("asked");
        PluginClient client = javaPlugin(host).environment("TEST_PLUGIN_MODE", "silent-health")
                .environment("TEST_PLUGIN_ASKED", asked.toString()).startTimeout(Duration.ofSeconds(40)).build();
        AtomicReference<Thread> starting = new AtomicReference<>();
        CompletableFuture<PluginStartException> outcome = startInBackground(client, starting);
        TestSupport.await(() -> Files.exists(asked), "the plugin was asked for its health");

        starting.get().interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(PluginStartException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.INTERRUPTED));
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
    }

    @Test
    void aFailedStartTellsTheExitListenersItsExitCodeBeforeItThrows() throws Exception {
        PluginClient client = scriptPlugin(host, plugin("exit 3")).build();
        List<OptionalInt> told = new CopyOnWriteArrayList<>();
        client.addExitListener((plugin, code) -> told.add(code));

        assertStartFails(client, Reason.EXITED_BEFORE_HANDSHAKE);

        assertThat(told).containsExactly(OptionalInt.of(3));
        assertThat(client.hasExited()).isTrue();
        assertThat(client.awaitExit(Duration.ZERO)).hasValue(3);
    }

    @Test
    void aStartThatLaunchedNothingTellsTheExitListenersWithoutACode() throws Exception {
        PluginClient client = scriptPlugin(host, work.resolve("no-such-plugin")).build();
        List<OptionalInt> told = new CopyOnWriteArrayList<>();
        client.addExitListener((plugin, code) -> told.add(code));

        assertStartFails(client, Reason.EXECUTABLE_NOT_FOUND);

        assertThat(told).containsExactly(OptionalInt.empty());
        assertThat(client.awaitExit(Duration.ZERO)).isEmpty();
        client.addExitListener((plugin, code) -> told.add(code)); // told at once, as after any exit
        assertThat(told).hasSize(2);
    }

    @Test
    void aStartEndedByKillReportsTheKilledProcesssExit() throws Exception {
        PluginClient client = scriptPlugin(host, plugin("exec sleep 300")).build();
        CompletableFuture<PluginStartException> outcome = startInBackground(client);
        TestSupport.await(() -> lineCount(pids) == 1, "the plugin started");

        client.kill();

        // kill() returns once the start is given up; the exit is known by then
        assertThat(client.awaitExit(Duration.ZERO)).hasValue(128 + 9);
        assertThat(outcome.get(10, TimeUnit.SECONDS).reason()).isEqualTo(Reason.KILLED);
    }

    /** Creates {@code file} once the host waits for the handshake. */
    private static java.util.function.Consumer<StartPhase> createOnHandshaking(Path file) {
        return phase -> {
            if (phase == StartPhase.HANDSHAKING) {
                try {
                    Files.createFile(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    /** Waits (bounded, without throwing) until the file has {@code count} lines; the caller checks them. */
    private static void awaitLines(Path file, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lineCount(file) < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
