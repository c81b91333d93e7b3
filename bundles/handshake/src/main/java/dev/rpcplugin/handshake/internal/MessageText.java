package dev.rpcplugin.handshake.internal;

/**
 * Renders untrusted text (a plugin's stdout, environment values) for error messages: control
 * characters escaped so a message stays on the lines it was written with, and very long values
 * shortened so a 64 KiB junk line does not become a 64 KiB log record.
 */
public final class MessageText {

    /** Longest piece of untrusted text quoted in full. */
    public static final int MAX_SHOWN = 512;

    private MessageText() {
    }

    /** {@code value} in double quotes, escaped and shortened, in the style of Go's {@code %q}. */
    public static String quote(String value) {
        return '"' + escape(value, true) + '"';
    }

    /** {@code value} escaped and shortened, without quotes. */
    public static String visible(String value) {
        return escape(value, false);
    }

    private static String escape(String value, boolean inQuotes) {
        int shown = Math.min(value.length(), MAX_SHOWN);
        if (shown < value.length() && Character.isHighSurrogate(value.charAt(shown - 1))) {
            shown--;
        }
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append(inQuotes ? "\\\\" : "\\");
                case '"' -> out.append(inQuotes ? "\\\"" : "\"");
                default -> {
                    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (shown < value.length()) {
            out.append("…(").append(value.length() - shown).append(" more characters)");
        }
        return out.toString();
    }
}
