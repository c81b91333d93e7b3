package dev.rpcplugin.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Runs a helper process to its end within a time limit and keeps what it printed. */
final class ChildRun {

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

    /** What a finished process printed. */
    record Output(String stdout, String stderr) {

        /** The rest of the first stdout line starting with {@code key}, or {@code ?} if there is none. */
        String text(String key) {
            for (String line : stdout.split("\n")) {
                if (line.startsWith(key + " ")) {
                    return line.substring(key.length() + 1).trim();
                }
            }
            return "?";
        }

        /** The values after {@code key} on the first stdout line starting with it (none for a lone key). */
        List<Double> values(String key) {
            for (String line : stdout.split("\n")) {
                String[] words = line.trim().split("\\s+");
                if (words[0].equals(key)) {
                    return java.util.Arrays.stream(words, 1, words.length).map(Double::valueOf).toList();
                }
            }
            throw new IllegalStateException("no line \"" + key + " ...\" in the output:\n" + stdout + stderr);
        }
    }

    private ChildRun() {
    }

    /**
     * @throws IllegalStateException when it fails to start, runs too long (it is killed then) or exits
     *     non-zero; the message carries its stderr
     */
    static Output run(List<String> command, Map<String, String> extraEnv, Path directory, Duration limit) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        builder.environment().putAll(extraEnv);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(process.getInputStream()),
                OWN_THREAD);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(process.getErrorStream()),
                OWN_THREAD);
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                killAndWait(process);
                throw new IllegalStateException(command.get(0) + " ran longer than " + limit.toSeconds()
                        + " s and was killed; stderr:\n" + tail(err.getNow("")));
            }
            Output output = new Output(out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + "; stderr:\n"
                        + tail(output.stderr()));
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + command + ": " + e, e);
        }
    }

    /** Kills the process and its descendants and waits (bounded) until they are gone, so their files can go. */
    private static void killAndWait(Process process) throws InterruptedException {
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return; // the caller's error says it was killed; a process that outlives SIGKILL is not ours to wait for
            }
        }
    }

    private static String slurp(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
