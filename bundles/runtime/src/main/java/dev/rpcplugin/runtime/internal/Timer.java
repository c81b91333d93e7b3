package dev.rpcplugin.runtime.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one pending timed step of a plugin (a restart after backoff or the next health check). Its task
 * runs on the plugin's serial executor; a task that fires after it was cancelled or replaced is
 * ignored. Used only from that serial executor.
 */
final class Timer {

    private final ScheduledExecutorService scheduler;
    private final Executor serial;
    private final BooleanSupplier closed;
    private ScheduledFuture<?> pending;
    private long token;

    Timer(ScheduledExecutorService scheduler, Executor serial, BooleanSupplier closed) {
        this.scheduler = scheduler;
        this.serial = serial;
        this.closed = closed;
    }

    /** Replaces the pending step with {@code task} after {@code delay}. */
    void schedule(Duration delay, Runnable task) {
        cancel();
        long mine = token;
        try {
            pending = scheduler.schedule(() -> serial.execute(() -> {
                if (mine == token && !closed.getAsBoolean()) {
                    task.run();
                }
            }), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pending = null; // the runtime is shutting down
        }
    }

    /** Drops the pending step. */
    void cancel() {
        token++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
