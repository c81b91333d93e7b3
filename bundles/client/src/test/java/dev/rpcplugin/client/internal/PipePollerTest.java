package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipePollerTest {

    private final List<Process> started = new ArrayList<>();
    private final AtomicInteger runningTasks = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final PipePoller poller = new PipePoller(task -> pool.execute(() -> {
        runningTasks.incrementAndGet();
        try {
            task.run();
        } finally {
            runningTasks.decrementAndGet();
        }
    }));

    @AfterEach
    void killEverything() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private Process start(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).start();
        started.add(p);
        return p;
    }

    private PipeLineReader watchStdout(Process p, List<String> lines) {
        PipeLineReader reader = new PipeLineReader(p.getInputStream(), (text, piece) -> lines.add(text), "stdout");
        poller.watch(p, reader);
        return reader;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void linesOfALiveProcessArriveWhileItRunsAndTheReaderEndsAfterItExits() throws Exception {
        Process p = start("echo one; echo two; read line");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        PipeLineReader reader = watchStdout(p, lines);

        await(() -> lines.size() == 2, "both lines");
        assertThat(lines).containsExactly("one", "two");
        assertThat(p.isAlive()).isTrue();
        assertThat(reader.done()).isNotDone();

        p.getOutputStream().close(); // read gets EOF, the script ends
        reader.done().get(20, TimeUnit.SECONDS);
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void aWriterFasterThanThePipeLosesNothing() throws Exception {
        // about 1.2 MB: the 64 KiB pipe fills many times over while the poller sleeps
        Process p = start("i=0; while [ $i -lt 200000 ]; do echo $i; i=$((i+1)); done");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        PipeLineReader reader = watchStdout(p, lines);

        reader.done().get(60, TimeUnit.SECONDS);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(200000);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(Integer.toString(i))) {
                throw new AssertionError("line " + i + " was " + lines.get(i));
            }
        }
    }

    @Test
    void whatIsLeftInThePipeAtExitArrives() throws Exception {
        Process p = start("printf 'a\\nb\\nno line end'");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue(); // exited before anyone read
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        PipeLineReader reader = watchStdout(p, lines);

        reader.done().get(20, TimeUnit.SECONDS);
        assertThat(lines).containsExactly("a", "b", "no line end");
    }

    @Test
    void oneTaskServesThePipesOfManyProcessesAndEndsWithThem() throws Exception {
        List<PipeLineReader> readers = new ArrayList<>();
        List<List<String>> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Process p = start("echo out" + i + "; echo err" + i + " >&2; read line");
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            seen.add(lines);
            readers.add(watchStdout(p, lines));
            PipeLineReader stderr = new PipeLineReader(p.getErrorStream(), (text, piece) -> lines.add(text), "stderr");
            poller.watch(p, stderr);
            readers.add(stderr);
        }
        for (int i = 0; i < 20; i++) {
            List<String> lines = seen.get(i);
            await(() -> lines.size() == 2, "both lines of process " + i);
            assertThat(lines).containsExactlyInAnyOrder("out" + i, "err" + i);
        }
        assertThat(runningTasks.get()).isEqualTo(1);

        for (Process p : started) {
            p.getOutputStream().close();
        }
        CompletableFuture.allOf(readers.stream().map(PipeLineReader::done).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        await(() -> runningTasks.get() == 0, "the poller and the final reads to end");

        // a new pipe starts the poller again
        Process late = start("echo late");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        watchStdout(late, lines).done().get(20, TimeUnit.SECONDS);
        assertThat(lines).containsExactly("late");
    }

    @Test
    void aPipeThatStaysOpenAfterItsChildExitedDoesNotHoldUpOtherPipes() throws Exception {
        // a descendant of an exited child may keep its pipe open: the last read of that pipe then blocks
        Process exited = start("exit 0");
        assertThat(exited.waitFor(20, TimeUnit.SECONDS)).isTrue();
        CountDownLatch descendantGone = new CountDownLatch(1);
        InputStream heldOpen = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    descendantGone.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return -1;
            }
        };
        PipeLineReader held = new PipeLineReader(heldOpen, (text, piece) -> { }, "held pipe");
        poller.watch(exited, held);

        Process other = start("echo still served; read line");
        List<String> otherLines = Collections.synchronizedList(new ArrayList<>());
        watchStdout(other, otherLines);
        await(() -> otherLines.size() == 1, "the other process's line");
        assertThat(otherLines).containsExactly("still served");
        assertThat(held.done()).isNotDone();

        descendantGone.countDown();
        held.done().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aPoolThatTakesNoTasksIsReportedAndThePipeIsGivenUp() throws Exception {
        PipePoller refusing = new PipePoller(task -> {
            throw new RejectedExecutionException("pool shut down");
        });
        Process p = start("read line");
        PipeLineReader reader = new PipeLineReader(p.getInputStream(), null, "stdout");

        assertThatThrownBy(() -> refusing.watch(p, reader)).isInstanceOf(RejectedExecutionException.class);
        assertThat(reader.done()).isCompletedExceptionally();
    }

    @Test
    void aDiscardingReaderDrainsWithoutDecoding() throws Exception {
        Process p = start("head -c 300000 /dev/zero");
        PipeLineReader reader = new PipeLineReader(p.getInputStream(), null, "stdout");
        poller.watch(p, reader);

        reader.done().get(20, TimeUnit.SECONDS);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero(); // head was never blocked for good on a full pipe
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }
}
