package dev.rpcplugin.runtime.internal;

import java.time.Duration;

/** Exponential restart delays: initial, doubled per restart in a row, capped. */
final class Backoff {

    private Backoff() {
    }

    /**
     * @param initial the first delay
     * @param max the cap
     * @param attempt 1 for the first restart in a row
     * @return {@code min(max, initial * 2^(attempt-1))}
     */
    static Duration delay(Duration initial, Duration max, int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 40));
        Duration d = initial;
        for (int i = 0; i < doublings && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
