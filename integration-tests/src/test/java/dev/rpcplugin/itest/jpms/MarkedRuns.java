package dev.rpcplugin.itest.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Programs run to completion with a fresh working directory, each with a marker variable that its
 * children inherit and without the variables that add JVM options or a class path. A run past its
 * deadline is killed with its process tree. {@link #close()} kills and reports any marked process
 * still alive after a short wait (orphans included: the marker survives re-parenting), then deletes
 * the directory.
 */
final class MarkedRuns implements AutoCloseable {

    private static final String MARKER = "ITEST_JPMS_RUNS";
    /** A JVM's exit can take seconds on a loaded machine; the wait ends as soon as none is left. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);
    // variables that could put a class path, an agent or other options into a JVM we start
    private static final List<String> JVM_VARIABLES =
            List.of("CLASSPATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Path root;
    private final Path work;

    private MarkedRuns(Path root) throws IOException {
        this.root = root;
        this.work = Files.createDirectory(root.resolve("work"));
    }

    static MarkedRuns create() throws IOException {
        return new MarkedRuns(Files.createTempDirectory(Path.of("/tmp"), "jpms"));
    }

    /** The programs' working directory. */
    Path work() {
        return work;
    }

    /** Runs {@code argv} in {@link #work()} with stdin closed and the variables {@code extra} added. */
    Result run(List<String> argv, Map<String, String> extra, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        JVM_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().put(MARKER, root.toString());
        builder.environment().putAll(extra);
        // output into files: nothing to drain, and a grandchild keeping them open cannot block the test
        Path stdout = Files.createTempFile(root, "out", ".txt");
        Path stderr = Files.createTempFile(root, "err", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(argv + " did not end within " + timeout + "; stdout:\n"
                    + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
        }
        // what a finished program left running is for close() to find, not to be hidden here
        return new Result(argv, process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    @Override
    public void close() throws IOException {
        try {
            List<ProcessHandle> left = markedAfterWaiting();
            List<String> described = left.stream()
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
            left.forEach(ProcessHandle::destroyForcibly);
            assertThat(described).as("processes of " + root + " still running " + EXIT_WAIT + " after the test")
                    .isEmpty();
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private List<ProcessHandle> markedAfterWaiting() {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        List<ProcessHandle> left = marked();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = marked();
        }
        return left;
    }

    // live, non-zombie processes whose environment carries this instance's marker
    private List<ProcessHandle> marked() {
        String entry = MARKER + "=" + root;
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> procFile(p, "environ").map(env -> Arrays.asList(env.split("\0")).contains(entry))
                            .orElse(false))
                    .filter(p -> procFile(p, "stat").map(stat -> !stat.substring(stat.lastIndexOf(')') + 2)
                            .startsWith("Z")).orElse(false))
                    .toList();
        }
    }

    private static Optional<String> procFile(ProcessHandle process, String name) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), name));
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // gone in between, or not ours to read
        }
    }

    /** What a finished program did. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr) {

        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        @Override
        public String toString() {
            return argv + " exited " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }
}
