package dev.rpcplugin.itest.fault;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits: poll a condition every few milliseconds until it holds or the time is up. */
final class Poll {

    private Poll() {
    }

    /**
     * Waits until {@code condition} holds or {@code limit} has passed.
     *
     * @return whether it held in time
     */
    static boolean until(Duration limit, long everyMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
        return true;
    }

    /** Waits until {@code condition} holds, failing with {@code what} when {@code limit} has passed. */
    static void require(String what, Duration limit, BooleanSupplier condition) {
        if (!until(limit, 20, condition)) {
            throw new AssertionError("timed out after " + limit + " waiting for " + what);
        }
    }
}
