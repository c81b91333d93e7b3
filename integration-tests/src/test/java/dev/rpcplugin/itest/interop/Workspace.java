package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One test's private corner of the machine: a short directory under {@code /tmp} with {@code t/} (the
 * plugins' {@code TMPDIR} and socket directory) and {@code w/} (their working directory), and a marker
 * variable every process of the test inherits. {@link #close()} fails the test if a process carrying
 * the marker (orphans included: the marker survives re-parenting) or any file in {@code t/} is left, after
 * killing such processes so that one failure does not leak into the next test.
 */
final class Workspace implements AutoCloseable {

    /** The marker variable; its value is the workspace directory. */
    static final String MARKER = "ITEST_INTEROP_WORKSPACE";

    /**
     * A JVM plugin's exit after its host ended can take seconds on a loaded machine; the wait ends as
     * soon as none is left.
     */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);

    private final Path root;
    private final Path tmp;
    private final Path work;
    private Path longDirectory;

    private Workspace(Path root) throws IOException {
        this.root = root;
        this.tmp = Files.createDirectory(root.resolve("t"));
        this.work = Files.createDirectory(root.resolve("w"));
    }

    /** Creates a fresh workspace (short path: Unix socket paths are limited to ~104 bytes). */
    static Workspace create() throws IOException {
        return new Workspace(Files.createTempDirectory(Path.of("/tmp"), "itx"));
    }

    /** The plugins' {@code TMPDIR} and socket directory parent; must be empty at the end. */
    Path tmp() {
        return tmp;
    }

    /** The plugins' working directory (the KV examples keep {@code kv_<key>} files there). */
    Path work() {
        return work;
    }

    /**
     * A directory under {@code t/} whose path is at least {@code length} characters long (made once);
     * it and its parents do not count as leftovers, what is inside them does.
     */
    Path longDirectory(int length) throws IOException {
        if (longDirectory == null) {
            Path deep = tmp;
            while (deep.toString().length() < length) {
                deep = deep.resolve("a-long-directory-name");
            }
            longDirectory = Files.createDirectories(deep);
        }
        return longDirectory;
    }

    /** What every process of this test gets on top of its inherited environment. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("TMPDIR", tmp.toString());
        env.put(MARKER, root.toString());
        return env;
    }

    /** Live (non-zombie) processes of this test, other than this JVM. */
    List<ProcessHandle> processes() {
        long self = ProcessHandle.current().pid();
        String marker = MARKER + "=" + root;
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != self)
                    .filter(p -> p.info().commandLine().map(line -> line.contains(root + "/")).orElse(false)
                            || ProcFs.environmentContains(p.pid(), marker))
                    .filter(p -> ProcFs.running(p.pid()))
                    .collect(Collectors.toList());
        }
    }

    /** Waits (up to 20 s) until no process of this test runs, and fails naming them otherwise. */
    void awaitNoProcesses() {
        List<ProcessHandle> left = processesAfterWaiting();
        assertThat(left).as("processes of " + root + " still running after " + EXIT_WAIT).isEmpty();
    }

    // the processes still running once none is left or the wait is over
    private List<ProcessHandle> processesAfterWaiting() {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        List<ProcessHandle> left = processes();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the processes of " + root, e);
            }
            left = processes();
        }
        return left;
    }

    /** Files (sockets included) and directories left under {@code t/}. */
    List<Path> leftInTmp() {
        try (Stream<Path> files = Files.walk(tmp)) {
            return files.filter(p -> !p.equals(tmp))
                    .filter(p -> longDirectory == null || !longDirectory.startsWith(p))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that nothing is left (waiting up to 20 s for processes to end), kills what is, and deletes
     * the workspace.
     */
    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        try {
            List<ProcessHandle> left = processesAfterWaiting();
            if (!left.isEmpty()) {
                problems.add("processes left: " + left.stream()
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList()));
                left.forEach(ProcessHandle::destroyForcibly);
            }
            List<Path> files = leftInTmp();
            if (!files.isEmpty()) {
                problems.add("left in " + tmp + ": " + files);
            }
        } finally {
            delete(root);
        }
        assertThat(problems).as("nothing of the test may be left").isEmpty();
    }

    // deepest first, so that every directory is empty when its turn comes
    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> files = Files.walk(dir)) {
            all = files.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    @Override
    public String toString() {
        return "Workspace[" + root + "]";
    }

    /** What /proc says about a process; a process that vanished in between counts as not running. */
    static final class ProcFs {

        private ProcFs() {
        }

        static boolean environmentContains(long pid, String entry) {
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
                for (String e : new String(env, StandardCharsets.UTF_8).split("\0")) {
                    if (e.equals(entry)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException | SecurityException e) {
                return false;
            }
        }

        /** Alive and not a zombie waiting for its parent. */
        static boolean running(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                int close = stat.lastIndexOf(')');
                return close < 0 || stat.charAt(close + 2) != 'Z';
            } catch (IOException e) {
                return false;
            }
        }
    }
}
