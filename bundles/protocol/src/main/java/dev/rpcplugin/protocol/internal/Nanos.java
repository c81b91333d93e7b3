package dev.rpcplugin.protocol.internal;

import java.time.Duration;

/** Durations as nanoseconds for waits, where one too long to count means no limit. */
final class Nanos {

    private Nanos() {
    }

    /** @return the duration in nanoseconds, at least 0, or {@link Long#MAX_VALUE} when too long to count */
    static long of(Duration duration) {
        try {
            return Math.max(0, duration.toNanos());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
