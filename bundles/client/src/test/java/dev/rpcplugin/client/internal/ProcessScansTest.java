package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessScansTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @TempDir
    Path emptyProc;

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void callersWhoAskDuringAReadShareTheReadAfterIt() throws Exception {
        // the first caller reads on its own thread; the others' read is handed to the pool
        GatedReader reader = new GatedReader();
        ProcessScans scans = new ProcessScans(reader);
        CompletableFuture<ProcessTable> first = CompletableFuture.supplyAsync(() -> scans.next(pool), pool);
        assertThat(reader.started.await(10, TimeUnit.SECONDS)).isTrue();

        List<Thread> callers = new ArrayList<>();
        List<ProcessTable> tables = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            Thread caller = new Thread(() -> tables.add(scans.next(pool)), "caller-" + i);
            caller.start();
            callers.add(caller);
        }
        awaitWaitingForTheNextRead(callers);
        reader.gate.countDown();

        ProcessTable firstTable = first.get(10, TimeUnit.SECONDS);
        for (Thread caller : callers) {
            caller.join(10_000);
        }
        assertThat(tables).hasSize(5).allMatch(t -> t == tables.get(0));
        assertThat(tables.get(0)).isNotSameAs(firstTable);
        assertThat(reader.reads.get()).isEqualTo(2);
    }

    @Test
    void aCallerAloneReadsOnItsOwnThreadEachTime() {
        AtomicInteger reads = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        ProcessScans scans = new ProcessScans(() -> {
            reads.incrementAndGet();
            readers.add(Thread.currentThread());
            return ProcessTable.read(emptyProc);
        });

        ProcessTable one = scans.next(pool);
        ProcessTable two = scans.next(pool);

        assertThat(two).isNotSameAs(one);
        assertThat(reads).hasValue(2);
        assertThat(readers).containsOnly(Thread.currentThread());
    }

    @Test
    void aRejectingExecutorLeavesTheLaterReadToTheFirstCaller() throws Exception {
        GatedReader reader = new GatedReader();
        ProcessScans scans = new ProcessScans(reader);
        Executor closed = task -> {
            throw new RejectedExecutionException("closed");
        };
        CompletableFuture<ProcessTable> first = CompletableFuture.supplyAsync(() -> scans.next(closed), pool);
        assertThat(reader.started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread caller = new Thread(() -> scans.next(closed), "caller");
        caller.start();
        awaitWaitingForTheNextRead(List.of(caller));
        reader.gate.countDown();

        first.get(10, TimeUnit.SECONDS);
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(reader.reads.get()).isEqualTo(2);
    }

    @Test
    void aFailedReadIsAnsweredByTheJdkAndLaterReadsHappen() {
        ProcessScans scans = new ProcessScans(failingOnce(() -> {
            throw new IllegalStateException("proc is gone");
        }));

        assertThat(scans.next(pool).available()).isFalse();
        assertThat(scans.next(pool).available()).isTrue();
    }

    @Test
    void anErrorReachesItsCallersAndLaterReadsHappen() {
        ProcessScans scans = new ProcessScans(failingOnce(() -> {
            throw new OutOfMemoryError("test");
        }));

        assertThatThrownBy(() -> scans.next(pool)).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(scans.next(pool).available()).isTrue();
    }

    /** A reader whose first read runs {@code failure} (which throws); later reads pass. */
    private Supplier<ProcessTable> failingOnce(Runnable failure) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() == 1) {
                failure.run();
            }
            return ProcessTable.read(emptyProc);
        };
    }

    /** WAITING: parked in the join of the next read, the only place a caller waits without a lock. */
    private static void awaitWaitingForTheNextRead(List<Thread> callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(callers).allMatch(t -> t.getState() == Thread.State.WAITING);
    }

    /** Holds its first read until the gate opens; later reads pass. */
    private final class GatedReader implements Supplier<ProcessTable> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public ProcessTable get() {
            if (reads.incrementAndGet() == 1) {
                started.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ProcessTable.read(emptyProc);
        }
    }
}
