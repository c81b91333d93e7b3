package dev.rpcplugin.transport.internal;

import java.time.Duration;

/** Converts the timeouts callers pass, which may be far longer than a {@code long} of nanoseconds holds. */
public final class Durations {

    private Durations() {
    }

    /**
     * @param duration a timeout
     * @return its nanoseconds, {@link Long#MAX_VALUE} when longer than that (about 292 years), 0 when negative
     */
    public static long nanosAtLeastZero(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
