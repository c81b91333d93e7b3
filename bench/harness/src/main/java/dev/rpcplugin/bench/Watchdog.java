package dev.rpcplugin.bench;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds a blocking read of a child's output: kills the child (and its descendants) when the read has
 * not ended within a limit, which ends the read. Arming it costs no thread hop on the measured path.
 */
final class Watchdog implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

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

    /**
     * Whether the limit passed and the process was killed; after {@link #close()} this is final, so
     * ask after it (or within the try block whose read just ended, then again after it).
     */
    boolean fired() {
        return fired.get();
    }

    /** Disarms it: the kill has not run and will not, or {@link #fired()} says it did. */
    @Override
    public void close() {
        kill.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "bench-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // a disarmed watchdog does not keep its process until its limit
        return timer;
    }
}
