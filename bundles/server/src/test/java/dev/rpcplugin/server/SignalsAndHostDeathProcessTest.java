package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.protocol.StdioConsumer;
import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SIGINT does not stop a plugin; losing its host does, within a second. */
class SignalsAndHostDeathProcessTest {

    @Test
    void sigintIsIgnored() throws Exception {
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment())) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(plugin.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
            plugin.awaitStderr(line -> line.contains("plugin received interrupt signal, ignoring"),
                    PluginProcess.START_TIMEOUT);
            try (HostSide host = new HostSide(fields)) {
                assertThat(host.health("plugin")).isEqualTo(ServingStatus.SERVING);
                host.shutdown();
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
        }
    }

    @Test
    void sigtermEndsThePluginAndRemovesItsSocket() throws Exception {
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment())) {
            Path socket = Path.of(plugin.nextStdoutLine().split("\\|", -1)[3]);
            assertThat(socket).exists();
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(plugin.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isEqualTo(143);
            assertThat(socket).doesNotExist();
            assertThat(socket.getParent()).doesNotExist();
        }
    }

    @Test
    void sigtermWithALongShutdownGraceWhileTheHostStreamsStdioEndsSoonAndRemovesTheSocket() throws Exception {
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment(), "grace=30")) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            Path socket = Path.of(fields[3]);
            StringBuffer out = new StringBuffer();
            try (HostSide host = new HostSide(fields);
                    StdioConsumer stdio = StdioConsumer.start(host.channel(),
                            bytes -> out.append(new String(bytes, StandardCharsets.UTF_8)), bytes -> { })) {
                host.put("stdout", "streaming");
                long deadline = System.nanoTime() + PluginProcess.START_TIMEOUT.toNanos();
                while (!out.toString().contains("streaming\n")) {
                    assertThat(System.nanoTime()).as("stdio stream open").isLessThan(deadline);
                    Thread.sleep(10);
                }
                Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(plugin.pid())).start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
                // the open stdio stream must not hold the 30 s grace, which waits for the app's calls only
                assertThat(plugin.awaitExit(Duration.ofSeconds(15))).isEqualTo(143);
            }
            assertThat(socket).doesNotExist();
            assertThat(socket.getParent()).doesNotExist();
        }
    }

    @ParameterizedTest(name = "handlers on the I/O threads: {0}")
    @ValueSource(booleans = {false, true})
    void systemExitFromAHandlerEndsThePluginWithThatStatusAndRemovesItsSocket(boolean directExecutor)
            throws Exception {
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment(), "grace=30",
                "direct=" + directExecutor)) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            Path socket = Path.of(fields[3]);
            try (HostSide host = new HostSide(fields)) {
                assertThat(host.get("version")).isEqualTo("1");
                long asked = System.nanoTime();
                Future<Empty> call = KVGrpc.newFutureStub(host.channel())
                        .put(PutRequest.newBuilder().setKey("exit").setValue(ByteString.copyFromUtf8("7")).build());
                // the handler's call never ends: it must not hold the 30 s grace
                assertThat(plugin.awaitExit(Duration.ofSeconds(15))).isEqualTo(7);
                System.out.println("plugin exited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked)
                        + " ms after a handler called System.exit");
                assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StatusRuntimeException.class);
            }
            assertThat(socket).doesNotExist();
            assertThat(socket.getParent()).doesNotExist();
        }
    }

    @Test
    void exitsWithinASecondWhenItsHostIsKilled() throws Exception {
        // sh is the plugin's host: it starts the plugin in the background, reports its pid, then waits
        String command = PluginProcess.command().stream().map(SignalsAndHostDeathProcessTest::quote)
                .collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command + " & echo $!; wait");
        builder.environment().putAll(PluginProcess.hostEnvironment());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process shell = builder.start();
        Optional<ProcessHandle> plugin = Optional.empty();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
            long pluginPid = Long.parseLong(out.readLine().trim());
            plugin = ProcessHandle.of(pluginPid);
            String[] fields = out.readLine().split("\\|", -1);
            Path socket = Path.of(fields[3]);
            assertThat(socket).exists();
            assertThat(plugin.orElseThrow().parent().map(ProcessHandle::pid)).contains(shell.pid());

            shell.destroyForcibly();
            long killed = System.nanoTime();
            awaitExited(pluginPid, Duration.ofSeconds(5));
            long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println("plugin exited " + exitMillis + " ms after its host was killed");
            assertThat(socket).doesNotExist();
            assertThat(socket.getParent()).doesNotExist();
        } finally {
            shell.destroyForcibly();
            plugin.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void exitsWhenAHostThatStartedItThroughAShellIsKilled() throws Exception {
        // as a go-plugin host running sh -c "$PLUGIN": the shell stays, re-parented, when the host dies.
        // timeout(1) stands for the host: not a shell, it waits for its child.
        String command = PluginProcess.command().stream().map(SignalsAndHostDeathProcessTest::quote)
                .collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("timeout", "300", "sh", "-c", command + " & echo $!; wait");
        builder.environment().putAll(PluginProcess.hostEnvironment());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process host = builder.start();
        Optional<ProcessHandle> plugin = Optional.empty();
        Optional<ProcessHandle> shell = Optional.empty();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
            long pluginPid = Long.parseLong(out.readLine().trim());
            plugin = ProcessHandle.of(pluginPid);
            assertThat(out.readLine()).as("handshake line").contains("|unix|");
            shell = plugin.orElseThrow().parent();
            assertThat(shell.flatMap(ProcessHandle::parent).map(ProcessHandle::pid)).contains(host.pid());

            host.destroyForcibly();
            assertThat(host.waitFor(5, TimeUnit.SECONDS)).isTrue();
            awaitExited(pluginPid, Duration.ofSeconds(5));
            // the shell ends with its child
            awaitExited(shell.orElseThrow().pid(), Duration.ofSeconds(5));
        } finally {
            host.destroyForcibly();
            plugin.ifPresent(ProcessHandle::destroyForcibly);
            shell.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void keepsServingWithoutItsHostWhenTold() throws Exception {
        String command = PluginProcess.command("watch=false").stream().map(SignalsAndHostDeathProcessTest::quote)
                .collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command + " & echo $!; wait");
        builder.environment().putAll(PluginProcess.hostEnvironment());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process shell = builder.start();
        Optional<ProcessHandle> plugin = Optional.empty();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
            long pluginPid = Long.parseLong(out.readLine().trim());
            plugin = ProcessHandle.of(pluginPid);
            String[] fields = out.readLine().split("\\|", -1);
            shell.destroyForcibly();
            shell.waitFor(5, TimeUnit.SECONDS);
            // the orphan still answers (it would have exited within a second otherwise)
            try (HostSide host = new HostSide(fields)) {
                assertThat(host.health("plugin")).isEqualTo(ServingStatus.SERVING);
                Thread.sleep(1000);
                assertThat(host.health("plugin")).isEqualTo(ServingStatus.SERVING);
                host.shutdown();
            }
            // an orphan: init reaps it when it gets to it, onExit() would wait for that too
            awaitExited(pluginPid, Duration.ofSeconds(10));
        } finally {
            shell.destroyForcibly();
            plugin.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Waits until the process has exited. An orphan is reaped by whoever adopted it, possibly late, so
     * a zombie ({@code Z} in {@code /proc/PID/stat}) counts as exited; {@code ProcessHandle} would
     * still call it alive.
     */
    private static void awaitExited(long pid, Duration timeout) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String state;
            try {
                String text = Files.readString(stat);
                state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
            } catch (NoSuchFileException gone) {
                return;
            }
            if (state.equals("Z") || state.equals("X")) {
                return;
            }
            assertThat(System.nanoTime()).as("plugin %d still running (state %s)", pid, state).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
