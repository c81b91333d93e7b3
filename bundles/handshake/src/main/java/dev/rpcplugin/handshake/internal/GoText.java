package dev.rpcplugin.handshake.internal;

/**
 * Go's text primitives that go-plugin relies on, reproduced exactly so that Java accepts the same
 * handshake lines and environment values as a Go host or plugin: {@code strings.TrimSpace},
 * {@code strconv.Atoi} / {@code ParseInt}, {@code strconv.ParseBool}.
 */
public final class GoText {

    /** Go's {@code strconv} error text for malformed numbers. */
    public static final String INVALID_SYNTAX = "invalid syntax";
    /** Go's {@code strconv} error text for numbers that do not fit. */
    public static final String OUT_OF_RANGE = "value out of range";

    private GoText() {
    }

    /**
     * Go's {@code unicode.IsSpace}: the ASCII and Latin-1 spaces plus Unicode's White_Space
     * property. Differs from {@link Character#isWhitespace} (which lacks U+00A0 and U+202F but
     * counts U+001C to U+001F).
     */
    public static boolean isSpace(int cp) {
        switch (cp) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F,
                    0x3000 -> {
                return true;
            }
            default -> {
                return cp >= 0x2000 && cp <= 0x200A;
            }
        }
    }

    /** Go's {@code strings.TrimSpace}: strips {@link #isSpace} code points from both ends. */
    public static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /**
     * Go's {@code strconv.ParseInt(s, 10, bits)}: an optional {@code +} or {@code -}, then one or
     * more ASCII digits (no underscores, no spaces, leading zeros allowed), within a signed
     * {@code bits}-bit range. Scans left to right as Go does (unsigned magnitude first, sign range
     * last), so the same text yields the same error kind.
     *
     * @param bits 32 or 64
     */
    public static ParsedInt parseInt(String s, int bits) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            return ParsedInt.failure(INVALID_SYNTAX);
        }
        // All comparisons below are unsigned, as in Go's ParseUint.
        long maxMagnitude = bits >= 64 ? -1L : (1L << bits) - 1;
        long cutoff = Long.divideUnsigned(-1L, 10) + 1;
        long magnitude = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return ParsedInt.failure(INVALID_SYNTAX);
            }
            if (Long.compareUnsigned(magnitude, cutoff) >= 0) {
                return ParsedInt.failure(OUT_OF_RANGE);
            }
            long next = magnitude * 10 + (c - '0');
            if (Long.compareUnsigned(next, magnitude * 10) < 0
                    || Long.compareUnsigned(next, maxMagnitude) > 0) {
                return ParsedInt.failure(OUT_OF_RANGE);
            }
            magnitude = next;
        }
        long signedLimit = 1L << (Math.min(bits, 64) - 1);
        int vsLimit = Long.compareUnsigned(magnitude, signedLimit);
        if (negative ? vsLimit > 0 : vsLimit >= 0) {
            return ParsedInt.failure(OUT_OF_RANGE);
        }
        return ParsedInt.success(negative ? -magnitude : magnitude);
    }

    /** Go's {@code strconv.Atoi} on a 64-bit platform. */
    public static ParsedInt atoi(String s) {
        return parseInt(s, 64);
    }

    /**
     * Go's {@code strconv.ParseBool}.
     *
     * @return {@code TRUE}, {@code FALSE}, or {@code null} when Go would report an error
     */
    public static Boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * Go's {@code strings.Split(s, sep)} for a one-character separator: splits on every
     * occurrence and keeps empty fields, so {@code ""} gives one empty field and {@code "a|"} two.
     */
    public static String[] split(String s, char separator) {
        int count = 1;
        for (int i = s.indexOf(separator); i >= 0; i = s.indexOf(separator, i + 1)) {
            count++;
        }
        String[] fields = new String[count];
        int start = 0;
        for (int f = 0; f < count - 1; f++) {
            int end = s.indexOf(separator, start);
            fields[f] = s.substring(start, end);
            start = end + 1;
        }
        fields[count - 1] = s.substring(start);
        return fields;
    }

    /** Whether {@code s} contains a C0 control character or DEL. */
    public static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** The length of {@code s} in UTF-8 bytes, which is what Go's {@code len} counts. */
    public static long utf8Length(String s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
