package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
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

        List<CompletableFuture<ProcessTable>> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(scans.nextAsync(pool));
        }
        assertThat(later).allSatisfy(f -> assertThat(f).isNotDone());
        reader.gate.countDown();

        ProcessTable firstTable = first.get(10, TimeUnit.SECONDS);
        ProcessTable laterTable = later.get(0).get(10, TimeUnit.SECONDS);
        assertThat(laterTable).isNotSameAs(firstTable);
        for (CompletableFuture<ProcessTable> f : later) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(laterTable);
        }
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
    void aRejectingExecutorLeavesTheReadToTheCaller() {
        ProcessScans scans = new ProcessScans(() -> ProcessTable.read(emptyProc));

        CompletableFuture<ProcessTable> next = scans.nextAsync(task -> {
            throw new RejectedExecutionException("closed");
        });

        assertThat(next).isDone();
        assertThat(next.join().available()).isTrue();
    }

    @Test
    void aFailedReadIsAnsweredByTheJdkAndLaterReadsHappen() {
        AtomicInteger calls = new AtomicInteger();
        ProcessScans scans = new ProcessScans(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("proc is gone");
            }
            return ProcessTable.read(emptyProc);
        });

        assertThat(scans.next(pool).available()).isFalse();
        assertThat(scans.next(pool).available()).isTrue();
    }

    @Test
    void anErrorReachesItsCallersAndLaterReadsHappen() {
        AtomicInteger calls = new AtomicInteger();
        ProcessScans scans = new ProcessScans(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("test");
            }
            return ProcessTable.read(emptyProc);
        });

        assertThatThrownBy(() -> scans.next(pool)).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(scans.nextAsync(pool).join().available()).isTrue();
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
