package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.assertEmpty;
import static dev.rpcplugin.client.TestSupport.assertGone;
import static dev.rpcplugin.client.TestSupport.assertNoProcessesLeft;
import static dev.rpcplugin.client.TestSupport.echo;
import static dev.rpcplugin.client.TestSupport.javaPlugin;
import static dev.rpcplugin.client.TestSupport.javaPluginShellCommand;
import static dev.rpcplugin.client.TestSupport.script;
import static dev.rpcplugin.client.TestSupport.scriptPlugin;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import dev.rpcplugin.client.testplugin.EchoService;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill() against plugins that do not go quietly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginClientShutdownTest {

    @TempDir
    Path sockets;
    @TempDir
    Path work;

    private PluginHost host;

    @BeforeEach
    void createHost() {
        host = PluginHost.builder().socketDirectoryParent(sockets).build();
    }

    @AfterEach
    void checkNothingIsLeft() throws Exception {
        host.close();
        assertNoProcessesLeft();
        assertEmpty(sockets);
    }

    @Test
    void pluginHangingInShutdownIsKilledAfterTheGrace() throws Exception {
        Duration grace = Duration.ofMillis(700);
        PluginClient client = javaPlugin(host).environment("TEST_PLUGIN_MODE", "hang-shutdown").stopGrace(grace)
                .build().start();
        long pid = client.pid();
        try (StderrCapture capture = new StderrCapture()) {
            long started = System.nanoTime();
            client.kill();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).as("kill waits for the grace before it escalates").isGreaterThanOrEqualTo(grace);
            capture.awaitLine(line -> line.contains("WARN plugin.test-plugin - plugin failed to exit gracefully"));
        }
        assertGone(pid);
        // SIGKILL, not a clean exit
        assertThat(client.awaitExit(Duration.ofSeconds(5))).hasValue(137);
    }

    @Test
    void childIgnoringSigtermDiesWithThePlugin() throws Exception {
        Path childPid = work.resolve("child.pid");
        Path plugin = script(work, "plugin.sh",
                "sh -c 'trap \"\" TERM; echo $$ > \"" + childPid + "\"; exec sleep 300' &\n"
                        + "while [ ! -s '" + childPid + "' ]; do sleep 0.01; done\n"
                        + "exec " + javaPluginShellCommand());
        // exit 0 is asserted: a loaded machine may need more than the default 2 s before a SIGKILL
        PluginClient client = scriptPlugin(host, plugin).stopGrace(Duration.ofSeconds(10)).build().start();
        long child = Long.parseLong(Files.readString(childPid).trim());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).hasValue(true);
        assertThat(echo(client, "with a child")).isEqualTo("with a child");

        client.kill();

        assertThat(client.awaitExit(Duration.ofSeconds(5))).hasValue(0); // the plugin itself exited gracefully
        assertGone(child); // the SIGTERM-proof child was killed too
    }

    @Test
    void childOfAPluginThatDiesOnItsOwnIsKilledToo() throws Exception {
        Path childPid = work.resolve("child.pid");
        Path plugin = script(work, "plugin.sh",
                "sh -c 'trap \"\" TERM; echo $$ > \"" + childPid + "\"; exec sleep 300' &\n"
                        + "while [ ! -s '" + childPid + "' ]; do sleep 0.01; done\n"
                        + "exec " + javaPluginShellCommand());
        PluginClient client = scriptPlugin(host, plugin).build().start();
        long child = Long.parseLong(Files.readString(childPid).trim());
        try {
            echo(client, "exit:4");
        } catch (StatusRuntimeException e) {
            // the process may die before the reply leaves it
        }
        assertThat(client.awaitExit(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(4));
        assertGone(child);
    }

    @Test
    void aStopGraceAndStartTimeoutOfForeverStartAndStop() throws Exception {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        PluginClient client = javaPlugin(host).startTimeout(forever).stopGrace(forever).build().start();
        assertThat(echo(client, "patient")).isEqualTo("patient");

        client.kill();

        assertThat(client.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }

    @Test
    void aHostClosedFromAnExitListenerDoesNotWaitForTheListenersOwnThread() throws Exception {
        PluginHost closing = PluginHost.builder().socketDirectoryParent(sockets).build();
        PluginClient client = javaPlugin(closing).build().start();
        java.util.concurrent.CompletableFuture<Duration> closeTook = new java.util.concurrent.CompletableFuture<>();
        client.addExitListener((plugin, code) -> {
            long began = System.nanoTime();
            closing.close();
            closeTook.complete(Duration.ofNanos(System.nanoTime() - began));
        });

        client.kill();

        // waiting for its own thread, close() used to sit out the pool's 5 s termination wait
        assertThat(closeTook.get(30, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void callsAfterThePluginEndedSayWhy() throws Exception {
        PluginClient crashing = javaPlugin(host).build().start();
        ProcessHandle.of(crashing.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(crashing.awaitExit(Duration.ofSeconds(10))).hasValue(137);
        String expected = "plugin test-plugin exited on its own (exit status 137 (signal 9, SIGKILL))";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        StatusRuntimeException failure;
        do { // the teardown follows the recorded exit
            failure = callFailure(crashing);
        } while (!expected.equals(failure.getStatus().getDescription()) && System.nanoTime() < deadline);
        assertThat(failure.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        assertThat(failure.getStatus().getDescription()).isEqualTo(expected);

        PluginClient killed = javaPlugin(host).build().start();
        killed.kill();
        assertThat(callFailure(killed).getStatus().getDescription()).isEqualTo("plugin test-plugin was killed");
    }

    @Test
    void everyExitListenerIsToldEvenIfAnEarlierOneFailsWithAnError() throws Exception {
        PluginClient client = javaPlugin(host).build().start();
        CompletableFuture<OptionalInt> later = new CompletableFuture<>();
        // what a listener of a bundle refreshed meanwhile throws
        client.addExitListener((plugin, code) -> {
            throw new NoClassDefFoundError("com/example/Gone");
        });
        client.addExitListener((plugin, code) -> later.complete(code));

        try (StderrCapture capture = new StderrCapture()) {
            ProcessHandle.of(client.pid()).ifPresent(ProcessHandle::destroyForcibly);

            assertThat(later.get(10, TimeUnit.SECONDS)).hasValue(137);
            assertThat(capture.awaitLine(line -> line.contains("exit listener of plugin test-plugin failed")))
                    .contains("WARN");
        }
    }

    @Test
    void aCallStartedBeforeItsHostClosedTakesLaterMessagesWithoutAnEventLoopException() throws Exception {
        PluginHost closing = PluginHost.builder().socketDirectoryParent(sockets).build();
        PluginClient client = javaPlugin(closing).build().start();
        CompletableFuture<io.grpc.Status> closed = new CompletableFuture<>();
        ClientCall<StringValue, StringValue> call = client.channel().newCall(EchoService.ECHO, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(io.grpc.Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(1);

        closing.close(); // its event loops end: a stream's sender may not have seen onClose yet

        call.sendMessage(StringValue.of("late"));
        call.halfClose();
        call.request(1);
        assertThat(closed.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
    }

    private static StatusRuntimeException callFailure(PluginClient client) {
        try {
            echo(client, "anyone there?");
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("a call to an ended plugin succeeded");
    }
}
