package dev.rpcplugin.itest.runtime;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded waits on conditions: poll, and fail with a description when the time is up. */
final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Waits until {@code condition} holds. */
    static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        value(what, timeout, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null);
    }

    /** Waits until {@code probe} returns non-null, and returns that. */
    static <T> T value(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
