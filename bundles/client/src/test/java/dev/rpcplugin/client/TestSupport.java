package dev.rpcplugin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.StringValue;
import dev.rpcplugin.client.testplugin.EchoService;
import dev.rpcplugin.client.testplugin.TestPlugin;
import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test plugins (the Java one and shell scripts) and checks that nothing was left behind. */
public final class TestSupport {

    static final String COOKIE_KEY = "BASIC_PLUGIN";
    static final String COOKIE_VALUE = "hello";

    private TestSupport() {
    }

    /** argv of the Java test plugin, started with flags that make a JVM start fast. */
    static List<String> javaPluginCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData",
                TestPlugin.class.getName());
    }

    /** The Java test plugin as one shell command line, for scripts that {@code exec} it. */
    static String javaPluginShellCommand() {
        return javaPluginCommand().stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /** Writes an executable {@code /bin/sh} script. */
    static Path script(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** A builder for the Java test plugin with the right cookie. */
    static PluginClientBuilder javaPlugin(PluginHost host) {
        return PluginClient.builder(host).name("test-plugin").command(javaPluginCommand())
                .magicCookie(COOKIE_KEY, COOKIE_VALUE);
    }

    /** A builder for a script with the right cookie. */
    static PluginClientBuilder scriptPlugin(PluginHost host, Path script) {
        return PluginClient.builder(host).command(script.toString()).magicCookie(COOKIE_KEY, COOKIE_VALUE);
    }

    /** Calls {@code test.Echo/Echo}. */
    static String echo(PluginClient client, String text) {
        return ClientCalls.blockingUnaryCall(client.channel(), EchoService.ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), StringValue.of(text)).getValue();
    }

    /** Runs {@code client.start()} on another thread; completes with its failure, or null when it started. */
    static CompletableFuture<PluginStartException> startInBackground(PluginClient client) {
        return startInBackground(client, new AtomicReference<>());
    }

    /** As {@link #startInBackground(PluginClient)}; {@code thread} is set to the thread that starts it. */
    static CompletableFuture<PluginStartException> startInBackground(PluginClient client,
            AtomicReference<Thread> thread) {
        return CompletableFuture.supplyAsync(() -> {
            thread.set(Thread.currentThread());
            try {
                client.start();
                return null;
            } catch (PluginStartException e) {
                return e;
            } finally {
                Thread.interrupted(); // a shared pool's thread: a test may have interrupted it
            }
        });
    }

    /** Waits (bounded) until the condition holds, and fails naming it otherwise. */
    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits (bounded) until this JVM has no live child processes left, and fails naming them otherwise. */
    static void assertNoProcessesLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.current().descendants().filter(TestSupport::running).collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        fail("processes left behind: " + left.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                .collect(Collectors.toList()));
    }

    /** Waits (bounded) until the process is gone (a zombie awaiting its reaper counts as gone). */
    public static void assertGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).filter(TestSupport::running).isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        fail("process " + pid + " is still running");
    }

    /** Reads a pid a script wrote and checks the process is gone. */
    static void assertGone(Path pidFile) throws IOException, InterruptedException {
        assertThat(pidFile).as("pid file written by the script").exists();
        for (String line : Files.readAllLines(pidFile)) {
            if (!line.isBlank()) {
                assertGone(Long.parseLong(line.trim()));
            }
        }
    }

    /** Checks that no socket directory or file is left in {@code dir}. */
    static void assertEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.collect(Collectors.toList())).as("left in " + dir).isEmpty();
        }
    }

    private static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone between the two checks
        }
    }
}
