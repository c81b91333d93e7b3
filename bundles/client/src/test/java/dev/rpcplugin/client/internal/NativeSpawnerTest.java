package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeSpawnerTest {

    /** Prints the shell's SigBlk and SigIgn lines without starting a process. */
    static final String SIGNAL_LINES_OF_THE_SHELL =
            "while read -r line; do case $line in SigBlk:*|SigIgn:*) echo \"$line\";; esac; done < /proc/$$/status";

    private final NativeSpawner spawner = NativeSpawner.create();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void killEverything() throws InterruptedException {
        killAll(started);
        spawner.close();
    }

    /** SIGKILLs the processes and their descendants, and waits (bounded) for each process's end. */
    static void killAll(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Process start(ProcessBuilder builder) throws IOException {
        assertThat(NativeSpawner.supports(builder)).isTrue();
        Process p = spawner.start(builder);
        started.add(p);
        return p;
    }

    private Process sh(String script) throws IOException {
        return start(new ProcessBuilder("sh", "-c", script).redirectInput(new File("/dev/null")));
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void exitCodeAndWhatThePipesHeldAtExitAreKept() throws Exception {
        Process p = sh("echo out; echo err >&2; exit 3");
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(p.isAlive()).isFalse();
        assertThat(p.onExit().get(10, TimeUnit.SECONDS)).isSameAs(p);
        assertThat(readAll(p.getInputStream())).isEqualTo("out\n");
        assertThat(readAll(p.getErrorStream())).isEqualTo("err\n");
    }

    @Test
    void aDescendantHoldingThePipeDoesNotDelayEndOfStreamAfterTheExit() throws Exception {
        Process p = sh("sleep 60 & echo $!");
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String sleeper = readAll(p.getInputStream()).trim(); // would block for 60 s without the drain at exit
        assertThat(ProcessHandle.of(Long.parseLong(sleeper))).hasValueSatisfying(h -> {
            assertThat(h.isAlive()).isTrue();
            h.destroyForcibly();
        });
    }

    @Test
    void aReaderWaitingWhenTheChildExitsGetsEndOfStreamThoughADescendantHoldsThePipe() throws Exception {
        Path go = work.resolve("go");
        Process p = sh("sleep 60 & echo $!; while [ ! -e '" + go + "' ]; do sleep 0.01; done; exit 0");
        InputStream out = p.getInputStream();
        long sleeper = Long.parseLong(readLine(out));
        try {
            CompletableFuture<Integer> read = new CompletableFuture<>();
            Thread reader = readOnce(out, read);
            awaitWaitingInRead(reader);
            Files.createFile(go); // the child exits while the reader waits; its descendant keeps the pipe
            assertThat(read.get(10, TimeUnit.SECONDS)).as("the read after the exit").isEqualTo(-1);
            assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive)).hasValue(true);
        } finally {
            ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void closingTheStreamReleasesAReaderWaitingForData() throws Exception {
        Process p = sh("exec sleep 60");
        InputStream out = p.getInputStream();
        CompletableFuture<Integer> read = new CompletableFuture<>();
        Thread reader = readOnce(out, read);
        awaitWaitingInRead(reader);
        out.close();
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("Stream closed");
        assertThat(p.isAlive()).isTrue();
    }

    private static Thread readOnce(InputStream in, CompletableFuture<Integer> result) {
        Thread reader = new Thread(() -> {
            try {
                result.complete(in.read());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "pipe-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static void awaitWaitingInRead(Thread reader) throws InterruptedException {
        await(() -> java.util.Arrays.stream(reader.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(ChildPipeInputStream.class.getName())), "the reader in its read");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n';) {
            line.append((char) c);
        }
        return line.toString();
    }

    @Test
    void aKilledChildReportsTheSignalAsJavaLangProcessDoes() throws Exception {
        Process p = sh("exec sleep 60");
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 9);
        p.destroy(); // reaped: no signal goes to a pid that may be reused
        Process q = sh("exec sleep 60");
        q.destroy();
        assertThat(q.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).isEqualTo(128 + 15);
    }

    @Test
    void theChildGetsWhatProcessBuilderGivesIt() throws Exception {
        // the shell reads its own status with builtins: dash blocks every signal around each fork, so a
        // child reading the shell's status could catch that window
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", SIGNAL_LINES_OF_THE_SHELL
                + "; ls /proc/$$/fd; echo \"$ONLY\" \"$HOME\"; pwd")
                .redirectInput(new File("/dev/null")).directory(work.toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("ONLY", "this", "PATH", "/usr/bin:/bin"));
        // files the host holds open must not reach the child, whatever their close-on-exec flag
        try (InputStream held = Files.newInputStream(Files.createFile(work.resolve("held-open")))) {
            Process p = start(builder);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String ours = readAll(p.getInputStream());
            // the child's mask is empty; the JDK's child has the spawning thread's, which the JVM may have
            // been started with (SIGQUIT blocked, or more)
            assertThat(ours).startsWith("SigBlk:\t0000000000000000\n");
            String theirs = readAll(builder.start().getInputStream());
            assertThat(afterFirstLine(ours)).isEqualTo(afterFirstLine(theirs))
                    .startsWith("SigIgn:").contains("\n0\n1\n2\nthis \n")
                    .endsWith("this \n" + work.toRealPath() + "\n");
        }
    }

    private static String afterFirstLine(String text) {
        return text.substring(text.indexOf('\n') + 1);
    }

    @Test
    void signalsTheHostIgnoresStayIgnoredInTheChildAsWithProcessBuilder() throws Exception {
        // the host JVM starts with SIGHUP ignored, as under nohup
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process host = sh("trap '' HUP; exec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + IgnoredSignalsHostMain.class.getName());
        assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = readAll(host.getInputStream());
        assertThat(host.exitValue()).as("host output: %s", output).isZero();
        assertThat(output).startsWith("SigBlk:\t0000000000000000\nSigIgn:");
        String line = output.substring(output.indexOf("SigIgn:")).trim();
        long ignored = Long.parseLong(line.substring("SigIgn:".length()).trim(), 16);
        assertThat(ignored & 1).as("SIGHUP (bit 0) in %s", line).isEqualTo(1);
    }

    @Test
    void aChildLeadsAProcessGroupOfItsOwn() throws Exception {
        Process child = sh("exec sleep 60");
        assertThat(processGroupOf(child.pid())).isEqualTo(child.pid());
    }

    /** The process group of a live process, from {@code /proc/PID/stat}. */
    static long processGroupOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }

    @Test
    void aMissingProgramFailsAsProcessBuilderWordsIt() {
        Path missing = work.resolve("no-such-plugin");
        assertThatThrownBy(() -> start(new ProcessBuilder(missing.toString()).redirectInput(new File("/dev/null"))))
                .isInstanceOf(IOException.class)
                .hasMessage("Cannot run program \"" + missing + "\": error=2, No such file or directory");
    }

    @Test
    void aFileThatIsNotExecutableFailsWithItsErrno() throws Exception {
        Path plain = Files.writeString(work.resolve("plain"), "#!/bin/sh\n");
        assertThatThrownBy(() -> start(new ProcessBuilder(plain.toString()).redirectInput(new File("/dev/null"))))
                .isInstanceOf(IOException.class).hasMessageContaining("error=13,");
    }

    @Test
    void aScriptWithoutInterpreterLineRunsUnderShAsWithProcessBuilder() throws Exception {
        Path script = Files.writeString(work.resolve("no-shebang"), "echo \"$0 $1\"\n");
        script.toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "arg").redirectInput(new File("/dev/null"));
        Process p = start(builder);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(readAll(p.getInputStream())).isEqualTo(readAll(builder.start().getInputStream()))
                .isEqualTo(script + " arg\n");
    }

    @Test
    void discardedOutputGoesNowhereAndTheStreamIsEmpty() throws Exception {
        Process p = start(new ProcessBuilder("sh", "-c", "echo lost; echo lost >&2")
                .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("err.log").toFile())));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.getInputStream().read()).isEqualTo(-1);
        assertThat(work.resolve("err.log")).hasContent("lost");
    }

    @Test
    void childrenCostNoThreadEachAndTheReaperEndsAfterTheLastExitOnceClosed() throws Exception {
        long reapersBefore = threads("process reaper");
        // the reaper of an earlier test's spawner may still be ending: this spawner's is the one not there now
        Set<Thread> earlierReapers = threadsNamed(ChildReaper.THREAD_NAME);
        List<Process> sleepers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sleepers.add(sh("exec sleep 60"));
        }
        Set<Thread> reapers = threadsNamed(ChildReaper.THREAD_NAME);
        reapers.removeAll(earlierReapers);
        assertThat(reapers).as("reaper threads of this spawner").hasSize(1);
        Thread reaper = reapers.iterator().next();
        assertThat(threads("process reaper")).isLessThanOrEqualTo(reapersBefore);
        spawner.close();
        assertThat(reaper.isAlive()).as("the reaper, still watching the sleepers").isTrue();
        sleepers.forEach(Process::destroyForcibly);
        for (Process p : sleepers) {
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        reaper.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reaper.isAlive()).as("the reaper, after the last exit").isFalse();
        assertThatThrownBy(() -> spawner.start(new ProcessBuilder("true"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theExitOfAProcessItDidNotStartIsSeenWithoutReapingIt() throws Exception {
        // a child of the JDK's: the JDK reaps it, and its exit status must still be there for it
        Process other = new ProcessBuilder("sleep", "300").redirectInput(new File("/dev/null")).start();
        started.add(other);
        CompletableFuture<Void> ended = spawner.watchExit(other.pid());
        assertThat(ended).isNotNull();
        assertThat(ended).isNotDone();

        other.destroyForcibly();

        ended.get(10, TimeUnit.SECONDS);
        assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void aClosedSpawnerStopsWatchingProcessesItDidNotStartAndItsReaperEnds() throws Exception {
        Set<Thread> earlierReapers = threadsNamed(ChildReaper.THREAD_NAME);
        Process other = new ProcessBuilder("sleep", "300").redirectInput(new File("/dev/null")).start();
        started.add(other);
        CompletableFuture<Void> ended = spawner.watchExit(other.pid());
        Set<Thread> reapers = threadsNamed(ChildReaper.THREAD_NAME);
        reapers.removeAll(earlierReapers);
        assertThat(reapers).as("reaper threads of this spawner").hasSize(1);

        spawner.close();

        Thread reaper = reapers.iterator().next();
        reaper.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reaper.isAlive()).as("the reaper, with only another's process left").isFalse();
        assertThat(ended).isNotDone();
        assertThat(other.isAlive()).isTrue();
        assertThat(spawner.watchExit(other.pid())).as("a watch asked of a closed spawner").isNull();
    }

    @Test
    void aProcessThatIsGoneCannotBeWatched() throws Exception {
        Process gone = new ProcessBuilder("true").redirectInput(new File("/dev/null")).start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(spawner.watchExit(gone.pid())).isNull();
    }

    @Test
    void aDiscardedClassLoaderOfTheClientIsNotHeldByJna() throws Exception {
        // as when OSGi refreshes the client bundle: JNA stays, the client's classes go
        WeakReference<ClassLoader> discarded = useInOwnLoader();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (discarded.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(discarded.get()).as("the client's class loader, after it started and reaped a child").isNull();
    }

    private static WeakReference<ClassLoader> useInOwnLoader() throws Exception {
        ClassLoader own = new ChildFirstForThisPackage(NativeSpawnerTest.class.getClassLoader());
        Class<?> spawnerClass = Class.forName(NativeSpawner.class.getName(), true, own);
        assertThat(spawnerClass).isNotSameAs(NativeSpawner.class);
        Method create = spawnerClass.getDeclaredMethod("create");
        create.setAccessible(true);
        Object spawner = create.invoke(null);
        Method start = spawnerClass.getDeclaredMethod("start", ProcessBuilder.class);
        start.setAccessible(true);
        Process p = (Process) start.invoke(spawner, new ProcessBuilder("true").redirectInput(new File("/dev/null")));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ((AutoCloseable) spawner).close();
        await(() -> threads(ChildReaper.THREAD_NAME) == 0, "the reaper's end");
        return new WeakReference<>(own);
    }

    /** Defines the classes of this package itself and leaves everything else (JNA, SLF4J) to its parent. */
    private static final class ChildFirstForThisPackage extends ClassLoader {
        private final String prefix = NativeSpawner.class.getPackageName() + ".";

        ChildFirstForThisPackage(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null && name.startsWith(prefix) && !name.contains("Test")) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return loaded != null ? loaded : super.loadClass(name, resolve);
            }
        }
    }

    private static long threads(String name) {
        return threadsNamed(name).size();
    }

    private static Set<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
