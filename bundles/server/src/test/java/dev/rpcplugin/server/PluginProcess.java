package dev.rpcplugin.server;

import dev.rpcplugin.server.testplugin.TestPlugin;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The test plugin running as a real child process with a controlled environment, its stdout and
 * stderr read line by line on daemon threads. Always {@link #close()} it (SIGTERM, then SIGKILL, if still alive).
 */
final class PluginProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60); // generous: child JVMs start slowly on a busy 2-core machine
    static final String COOKIE_KEY = "BASIC_PLUGIN";
    static final String COOKIE_VALUE = "hello";

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = new ArrayList<>();
    private final CompletableFuture<Void> stdoutClosed = new CompletableFuture<>();
    private final CompletableFuture<Void> stderrClosed = new CompletableFuture<>();

    private PluginProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout::add, stdoutClosed, "stdout");
        pump(process.getErrorStream(), this::addStderr, stderrClosed, "stderr");
    }

    /** go-plugin's environment for the test plugin: the cookie and protocol version 1. */
    static Map<String, String> hostEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(COOKIE_KEY, COOKIE_VALUE);
        env.put("PLUGIN_PROTOCOL_VERSIONS", "1");
        env.put("PLUGIN_MIN_PORT", "10000");
        env.put("PLUGIN_MAX_PORT", "25000");
        return env;
    }

    /**
     * The command line that runs {@link TestPlugin} with this JVM and the test class path, less the
     * OSGi grpc runtime bundle: it repeats the grpc jars, which a plugin's class path would not, and
     * makes class loading markedly slower. JVM options may be added with the system property
     * {@code plugin.jvm.options} (space-separated), e.g. for start-up measurements.
     */
    static List<String> command(String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            // else the JVM itself warns on stderr when Netty loads its library, and tests read stderr as hclog
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        String jvmOptions = System.getProperty("plugin.jvm.options", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.add("-cp");
        command.add(Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("dev.rpcplugin.grpc.runtime"))
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(TestPlugin.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the plugin with exactly {@code env} (plus PATH). */
    static PluginProcess start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        return new PluginProcess(builder.start());
    }

    /** Wraps a process started elsewhere (e.g. under an intermediate shell). */
    static PluginProcess wrap(Process process) {
        return new PluginProcess(process);
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    /** The next stdout line, waiting at most {@link #START_TIMEOUT}. */
    String nextStdoutLine() throws InterruptedException, TimeoutException {
        String line = stdout.poll(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new TimeoutException("no stdout line within " + START_TIMEOUT + "; stderr: " + stderr());
        }
        return line;
    }

    /** Stdout lines not yet taken by {@link #nextStdoutLine()}. */
    List<String> remainingStdout() {
        return new ArrayList<>(stdout);
    }

    /** The stderr lines so far. */
    List<String> stderr() {
        synchronized (stderr) {
            return new ArrayList<>(stderr);
        }
    }

    /** Waits until a stderr line matches. */
    String awaitStderr(Predicate<String> matching, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stderr) {
            while (true) {
                for (String line : stderr) {
                    if (matching.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching stderr line within " + timeout + ": " + stderr);
                }
                stderr.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for the exit, then for both pipes to end; returns the exit status. */
    int awaitExit(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("plugin " + pid() + " still running after " + timeout + "; stderr: " + stderr());
        }
        try {
            CompletableFuture.allOf(stdoutClosed, stderrClosed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        stop(process);
    }

    /**
     * Stops a test plugin process: SIGTERM first, so that it removes its socket directory (a SIGKILL
     * leaves it in /tmp), then SIGKILL to it and its descendants if it has not exited within 10 s.
     */
    static void stop(Process process) {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void addStderr(String line) {
        synchronized (stderr) {
            stderr.add(line);
            stderr.notifyAll();
        }
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> sink, CompletableFuture<Void> closed,
            String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process went away
            } finally {
                closed.complete(null);
            }
        }, "plugin-" + name);
        thread.setDaemon(true);
        thread.start();
    }
}
