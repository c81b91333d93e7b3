package dev.rpcplugin.server.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Formats instants in hclog's {@code @timestamp} layout, Go's
 * {@code 2006-01-02T15:04:05.000000Z07:00} (Java {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX}):
 * local time with microseconds, then {@code Z} for UTC or {@code +hh:mm}.
 *
 * <p>Hand-written, with the offset from {@link TimeZone} rather than {@code java.time} zone rules,
 * because the first log line comes before the handshake line and both the formatter machinery and
 * the zone rules provider cost start-up time. Thread-safe.
 */
public final class HclogTimestamp {

    private final TimeZone zone;

    /**
     * Creates a formatter for a time zone.
     *
     * @param zone the zone whose local time is printed (go-plugin plugins use the process's zone)
     */
    public HclogTimestamp(TimeZone zone) {
        this.zone = (TimeZone) zone.clone();
    }

    /** Formats {@code instant} in the zone given at construction. */
    public String format(Instant instant) {
        int offsetSeconds = zone.getOffset(instant.toEpochMilli()) / 1000;
        LocalDateTime local = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(),
                ZoneOffset.ofTotalSeconds(offsetSeconds));
        StringBuilder out = new StringBuilder(32);
        int year = local.getYear();
        if (year < 0 || year > 9999) {
            out.append(year);
        } else {
            pad(out, year, 4);
        }
        out.append('-');
        pad(out, local.getMonthValue(), 2);
        out.append('-');
        pad(out, local.getDayOfMonth(), 2);
        out.append('T');
        pad(out, local.getHour(), 2);
        out.append(':');
        pad(out, local.getMinute(), 2);
        out.append(':');
        pad(out, local.getSecond(), 2);
        out.append('.');
        pad(out, local.getNano() / 1000, 6);
        appendOffset(out, offsetSeconds);
        return out.toString();
    }

    private static void appendOffset(StringBuilder out, int totalSeconds) {
        if (totalSeconds == 0) {
            out.append('Z');
            return;
        }
        out.append(totalSeconds < 0 ? '-' : '+');
        int minutes = Math.abs(totalSeconds) / 60;
        pad(out, minutes / 60, 2);
        out.append(':');
        pad(out, minutes % 60, 2);
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}
