package dev.rpcplugin.client;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Launching or reattaching a plugin failed. When this is thrown, nothing of the attempt is left:
 * the process tree was killed and the socket directory deleted. Branch on {@link #reason()}, not on
 * the message; the message follows go-plugin's wording where go-plugin has one.
 */
public final class PluginStartException extends PluginException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The command's executable does not exist. The process was never started. */
        EXECUTABLE_NOT_FOUND,
        /** The command's executable exists but may not be executed. The process was never started. */
        NOT_EXECUTABLE,
        /** The executable's SHA-256 differs from the configured one. The process was never started. */
        CHECKSUM_MISMATCH,
        /** The executable could not be read to verify its checksum. The process was never started. */
        CHECKSUM_UNREADABLE,
        /** The private socket directory for the plugin could not be created. */
        SOCKET_DIRECTORY,
        /** The operating system refused to start the process. */
        PROCESS_START_FAILED,
        /** The process ended (or closed its stdout) before printing a handshake line. */
        EXITED_BEFORE_HANDSHAKE,
        /**
         * The plugin refused the magic cookie: it printed go-plugin's message for a missing or wrong cookie
         * and exited before its handshake line (since 1.4).
         */
        MAGIC_COOKIE_REFUSED,
        /** No handshake line within the start timeout. */
        TIMEOUT,
        /** The first stdout line (strict) or every line up to the limit (lenient) was no handshake. */
        UNRECOGNIZED_HANDSHAKE,
        /** Handshake field 1 or 2: core or app protocol version is invalid or not supported. */
        INCOMPATIBLE_VERSION,
        /** Handshake field 3 or 4: unknown network, a network the host does not allow, or a bad address. */
        UNSUPPORTED_NETWORK,
        /** Handshake field 5: a protocol the host does not allow (only {@code grpc} is implemented). */
        UNSUPPORTED_PROTOCOL,
        /** Handshake field 6 is not a usable certificate, or TLS could not be set up with it. */
        BAD_CERTIFICATE,
        /** AutoMTLS was requested but the plugin printed no certificate. */
        AUTO_MTLS_NOT_SUPPORTED,
        /** The plugin's socket could not be reached or the health check did not answer in time. */
        CONNECTION_FAILED,
        /** The health check answered, but not {@code SERVING} for service {@code plugin}. */
        NOT_SERVING,
        /** Reattach: no live process with the configured pid. */
        REATTACH_PROCESS_NOT_FOUND,
        /** {@code kill()} was called while starting, or the host was closed before or while it started. */
        KILLED,
        /** The starting thread was interrupted. */
        INTERRUPTED
    }

    private final Reason reason;
    private final OptionalInt exitCode;
    private final List<String> stderrTail;

    /**
     * @param reason what went wrong
     * @param message full message
     * @param exitCode the process's exit code if it had exited, else empty
     * @param stderrTail the last stderr lines of the plugin (may be empty)
     * @param cause underlying failure, or null
     */
    public PluginStartException(Reason reason, String message, OptionalInt exitCode, List<String> stderrTail,
            Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
        this.stderrTail = List.copyOf(stderrTail);
    }

    /**
     * @param reason what went wrong
     * @param message full message
     * @param cause underlying failure, or null
     */
    public PluginStartException(Reason reason, String message, Throwable cause) {
        this(reason, message, OptionalInt.empty(), List.of(), cause);
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /** The plugin's exit code, when it had exited by the time start failed. */
    public OptionalInt exitCode() {
        return exitCode;
    }

    /** The last lines the plugin wrote to stderr, oldest first (empty if none or not launched). */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
