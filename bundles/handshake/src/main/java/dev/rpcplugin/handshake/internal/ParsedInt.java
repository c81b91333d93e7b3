package dev.rpcplugin.handshake.internal;

/**
 * Outcome of {@link GoText#parseInt}: a value, or Go's error text ({@code invalid syntax} or
 * {@code value out of range}).
 *
 * @param value the parsed value, 0 on failure
 * @param error {@code null} on success, else Go's reason text
 */
public record ParsedInt(long value, String error) {

    static ParsedInt success(long value) {
        return new ParsedInt(value, null);
    }

    static ParsedInt failure(String error) {
        return new ParsedInt(0, error);
    }

    /** Whether the text was a number in range. */
    public boolean ok() {
        return error == null;
    }
}
