package dev.rpcplugin.examples.support.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a program (typically an example's {@code bin/} script) to completion in a working directory
 * with extra environment variables, collecting its exit status, stdout and stderr. A run that
 * exceeds its time limit is killed with all its descendants and reported as a failure.
 */
public final class ScriptRun {

    /** Default limit of one run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

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

    private final List<String> command = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> removed = new ArrayList<>();
    private Path directory;
    private Duration timeout = DEFAULT_TIMEOUT;

    private ScriptRun(Path program, String... args) {
        command.add(program.toString());
        command.addAll(List.of(args));
    }

    /**
     * @param program the program to run
     * @param args its arguments
     * @return a run to configure
     */
    public static ScriptRun of(Path program, String... args) {
        return new ScriptRun(program, args);
    }

    /** Sets an environment variable (the rest of this process's environment is inherited). */
    public ScriptRun env(String name, String value) {
        removed.remove(name);
        environment.put(name, value);
        return this;
    }

    /** Removes an inherited environment variable. */
    public ScriptRun without(String name) {
        environment.remove(name);
        removed.add(name);
        return this;
    }

    /** The working directory; default this process's. */
    public ScriptRun in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    /** The time limit; default {@link #DEFAULT_TIMEOUT}. */
    public ScriptRun timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /**
     * Runs the program and waits for it.
     *
     * @return what it did
     * @throws IOException if it cannot be started
     * @throws TimeoutException if it did not end in time (it was killed)
     * @throws InterruptedException if interrupted while waiting (it was killed)
     */
    public Result run() throws IOException, TimeoutException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        removed.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                OWN_THREAD);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()),
                OWN_THREAD);
        boolean finished = false;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                throw new TimeoutException(command + " did not end within " + timeout);
            }
            return new Result(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new IOException("reading the output of " + command + " failed", e.getCause());
        } finally {
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a run did.
     *
     * @param exitCode its exit status
     * @param stdout everything it wrote to stdout
     * @param stderr everything it wrote to stderr
     */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The stdout lines. */
        public List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
