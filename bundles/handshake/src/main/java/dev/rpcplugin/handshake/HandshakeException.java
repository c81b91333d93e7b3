package dev.rpcplugin.handshake;

import java.util.Objects;
import java.util.Optional;

/**
 * A plugin start-up failed at the handshake: the line a plugin printed was rejected, no line
 * arrived in time, or the environment given to a plugin was unusable.
 *
 * <p>The message follows go-plugin's wording where go-plugin has one (so users can search for
 * it), names the handshake field and quotes the offending value. Code should branch on
 * {@link #reason()}, never on the message.
 */
public final class HandshakeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, with the 1-based handshake field it concerns (0 = the line as a whole). */
    public enum Reason {
        /** Fewer than 4 {@code |}-separated fields, or a non-handshake line in lenient reading. */
        UNRECOGNIZED_MESSAGE(0),
        /** The plugin's stdout ended before a handshake line (the plugin usually exited). */
        NO_HANDSHAKE_LINE(0),
        /** A line exceeded {@link HandshakeReader#MAX_LINE_BYTES} before its newline. */
        LINE_TOO_LONG(0),
        /** Field 1 is not a decimal integer. */
        CORE_VERSION_INVALID(1),
        /** Field 1 is an integer other than {@link HandshakeLine#CORE_PROTOCOL_VERSION}. */
        CORE_VERSION_INCOMPATIBLE(1),
        /** Field 2 is not a decimal integer. */
        APP_VERSION_INVALID(2),
        /** Field 2 is not one of the host's app protocol versions. */
        APP_VERSION_INCOMPATIBLE(2),
        /** Field 3 is neither {@code unix} nor {@code tcp}. */
        UNKNOWN_NETWORK(3),
        /** Field 4 is not a usable address for the network in field 3. */
        INVALID_ADDRESS(4),
        /** Field 5 (or {@code netrpc}, when absent) is not among the host's allowed protocols. */
        UNSUPPORTED_PROTOCOL(5),
        /** Field 6 is longer than 50 characters but not standard base64. */
        INVALID_SERVER_CERT(6),
        /** The host requested multiplexing; field 7 is missing or {@code false}. */
        MULTIPLEX_NOT_SUPPORTED(7),
        /** The host requested multiplexing; field 7 is not a boolean. */
        INVALID_MULTIPLEX_FIELD(7),
        /** No handshake line within the start timeout. */
        TIMEOUT(0),
        /** Reading the plugin's stdout failed. */
        READ_FAILED(0),
        /** A go-plugin environment variable given to a plugin has an unusable value. */
        INVALID_ENVIRONMENT(0);

        private final int field;

        Reason(int field) {
            this.field = field;
        }

        /** The 1-based handshake field this reason concerns, or 0 for the line as a whole. */
        public int field() {
            return field;
        }
    }

    /** What went wrong. */
    private final Reason reason;
    /** The offending value as received, or {@code null}. */
    private final String value;

    /**
     * Creates an exception.
     *
     * @param reason what went wrong
     * @param message the full message
     * @param value the offending value (field text, line, variable value), or {@code null}
     */
    public HandshakeException(Reason reason, String message, String value) {
        this(reason, message, value, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param reason what went wrong
     * @param message the full message
     * @param value the offending value, or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public HandshakeException(Reason reason, String message, String value, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.value = value;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /** The 1-based handshake field concerned, or 0 for the line as a whole. */
    public int field() {
        return reason.field();
    }

    /** The offending value as received (unescaped, untruncated), if there was one. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /**
     * A copy of this exception with more diagnostics appended on a new line, for example the
     * plugin's exit code and the tail of its stderr. This exception becomes the cause.
     *
     * @param diagnostics text to append; blank text returns this exception unchanged
     * @return the extended exception
     */
    public HandshakeException withDiagnostics(String diagnostics) {
        if (diagnostics == null || diagnostics.isBlank()) {
            return this;
        }
        return new HandshakeException(reason, getMessage() + "\n" + diagnostics, value, this);
    }
}
