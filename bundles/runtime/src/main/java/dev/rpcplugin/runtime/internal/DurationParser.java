package dev.rpcplugin.runtime.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as configured: a number with a unit ({@code 250ms}, {@code 30s}, {@code 2m},
 * {@code 1h}), a bare number of milliseconds, or ISO-8601 ({@code PT30S}).
 */
final class DurationParser {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

    private DurationParser() {
    }

    /**
     * @param text the configured text
     * @return the duration, zero or positive
     * @throws IllegalArgumentException if the text is no duration or negative
     */
    static Duration parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = WITH_UNIT.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is no duration; use e.g. 500ms, 30s, 2m, 1h or PT30S");
        }
    }
}
