package dev.rpcplugin.itest.interop;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded waits on conditions: poll, and fail naming the condition when the time is up. */
final class Await {

    private Await() {
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
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
