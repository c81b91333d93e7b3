package dev.rpcplugin.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds a blocking read of a child's output: kills the child (and its descendants) when the read has
 * not ended within a limit, which ends the read. Arming it costs no thread hop on the measured path.
 */
final class Watchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean fired = new AtomicBoolean();
    private final ScheduledFuture<?> kill;

    private Watchdog(Process process, Duration limit) {
        kill = TIMER.schedule(() -> {
            fired.set(true);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Kills {@code process} after {@code limit} unless closed first. */
    static Watchdog arm(Process process, Duration limit) {
        return new Watchdog(process, limit);
    }

    /** Whether the limit passed and the process was killed. */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void close() {
        kill.cancel(false);
    }
}
