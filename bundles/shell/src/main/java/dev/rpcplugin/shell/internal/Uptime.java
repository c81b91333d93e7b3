package dev.rpcplugin.shell.internal;

import java.time.Duration;

/** Short human-readable durations with the two most significant units: {@code 45s}, {@code 3m12s}. */
final class Uptime {

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Uptime() {
    }

    /**
     * Formats a duration as {@code 45s}, {@code 3m05s}, {@code 2h07m} or {@code 3d04h}.
     * Negative durations (clock skew) count as zero.
     *
     * @param duration the duration
     * @return the short form
     */
    static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < MINUTE) {
            return seconds + "s";
        }
        if (seconds < HOUR) {
            return String.format("%dm%02ds", seconds / MINUTE, seconds % MINUTE);
        }
        if (seconds < DAY) {
            return String.format("%dh%02dm", seconds / HOUR, seconds % HOUR / MINUTE);
        }
        return String.format("%dd%02dh", seconds / DAY, seconds % DAY / HOUR);
    }
}
