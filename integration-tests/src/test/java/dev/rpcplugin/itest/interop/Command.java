package dev.rpcplugin.itest.interop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a program of the other side (a Go host, a Java launcher) to completion within a deadline,
 * collecting its stdout and stderr. Stdin is closed at once. On timeout the program and everything it
 * started is killed and the test fails with what the program had printed.
 */
final class Command {

    /**
     * Reads each of a child's streams on a thread of its own. CompletableFuture's default executor may
     * run one task at a time (Java 25 on two cores does): the stderr reader would then wait for stdout's
     * end while the child waits for room in the full stderr pipe.
     */
    private static final Executor OWN_THREAD = task -> {
        Thread reader = new Thread(task, "child-output");
        reader.setDaemon(true);
        reader.start();
    };

    private final List<String> argv;
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> removed = new ArrayList<>();
    private Path directory;
    private Duration timeout = Duration.ofSeconds(30);

    private Command(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    static Command of(Object... argv) {
        List<String> args = new ArrayList<>();
        for (Object a : argv) {
            args.add(a.toString());
        }
        return new Command(args);
    }

    /** Adds (or overrides) variables on top of this JVM's environment. */
    Command env(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    Command env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** Removes an inherited variable. */
    Command unset(String key) {
        removed.add(key);
        environment.remove(key);
        return this;
    }

    Command in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    Command timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Runs it and returns its exit code and output. */
    Result run() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        removed.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        long started = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()),
                OWN_THREAD);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()),
                OWN_THREAD);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(argv + " did not end within " + timeout + "; stdout:\n" + collected(out)
                    + "\nstderr:\n" + collected(err));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Result(argv, process.exitValue(), collected(out), collected(err), took);
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // The pipes close when the last holder of them ends, which may be a grandchild: bounded as well.
    private static String collected(CompletableFuture<String> text) throws InterruptedException {
        try {
            return text.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return "<unreadable: " + e.getCause() + ">";
        } catch (TimeoutException e) {
            return "<still open after the program ended: a process it started holds the pipe>";
        }
    }

    /** What a finished program did. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr, Duration took) {

        /** Lines of stderr. */
        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        @Override
        public String toString() {
            return argv + " exited " + exitCode + " after " + took.toMillis() + " ms\n--- stdout:\n" + stdout
                    + "--- stderr:\n" + stderr;
        }
    }
}
