package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import dev.rpcplugin.handshake.HandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns start failures into {@link PluginStartException}s and cleans up after them: gives a plugin
 * that closed its stdout a moment to exit on its own (so its exit code can be reported), kills the
 * process tree, waits for the pipes to drain (so the stderr tail is complete) and deletes the socket
 * directory.
 */
final class StartFailures {

    /** The first line go-plugin (and this project's SDK) prints when the magic cookie does not match. */
    static final String GO_PLUGIN_COOKIE_REFUSAL =
            "This binary is a plugin. These are not meant to be executed directly.";

    /** How long a plugin that closed stdout may take to exit before it is killed. */
    static final Duration OWN_EXIT_WAIT = Duration.ofSeconds(1);
    /** Bounded waits of the cleanup. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);
    static final Duration READER_WAIT = Duration.ofSeconds(1);

    private StartFailures() {
    }

    static Reason reasonOf(HandshakeException e) {
        switch (e.reason()) {
            case NO_HANDSHAKE_LINE:
            case READ_FAILED:
                return Reason.EXITED_BEFORE_HANDSHAKE;
            case CORE_VERSION_INVALID:
            case CORE_VERSION_INCOMPATIBLE:
            case APP_VERSION_INVALID:
            case APP_VERSION_INCOMPATIBLE:
                return Reason.INCOMPATIBLE_VERSION;
            case UNKNOWN_NETWORK:
            case INVALID_ADDRESS:
                return Reason.UNSUPPORTED_NETWORK;
            case UNSUPPORTED_PROTOCOL:
                return Reason.UNSUPPORTED_PROTOCOL;
            case INVALID_SERVER_CERT:
                return Reason.BAD_CERTIFICATE;
            case TIMEOUT:
                return Reason.TIMEOUT;
            case INVALID_ENVIRONMENT:
                return Reason.PROCESS_START_FAILED;
            default:
                return Reason.UNRECOGNIZED_HANDSHAKE;
        }
    }

    /**
     * Cleans up after a failed start of a launched process and returns the exception to throw, with
     * the plugin's exit code (if it exited on its own) and its last stderr lines added.
     */
    static PluginStartException cleanUp(PluginProcess process, PluginStartException failure, String name,
            boolean cancelled) {
        boolean interrupted = Thread.interrupted(); // the bounded waits below must not be cut short
        try {
            if (failure.reason() == Reason.EXITED_BEFORE_HANDSHAKE) {
                process.awaitExit(OWN_EXIT_WAIT);
            }
            OptionalInt ownExit = process.exitCodeNow();
            List<String> sockets = process.listeningSockets();
            process.tree().killAll();
            if (process.awaitExit(KILL_WAIT) != null) {
                process.removeSockets(sockets);
            }
            process.awaitReaders(READER_WAIT);
            process.deleteSocketDirectory();
            return withDiagnostics(cancelled ? Reason.KILLED : failure.reason(),
                    cancelled ? "plugin " + name + " was killed while starting" : failure.getMessage(),
                    ownExit, process.stderrTail().lines(), name, failure);
        } catch (InterruptedException e) {
            interrupted = true;
            process.tree().killAll();
            process.deleteSocketDirectory();
            return failure;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static PluginStartException withDiagnostics(Reason reason, String message, OptionalInt exitCode,
            List<String> stderrTail, String name, PluginStartException cause) {
        boolean cookieRefused = reason == Reason.EXITED_BEFORE_HANDSHAKE
                && stderrTail.contains(GO_PLUGIN_COOKIE_REFUSAL);
        StringBuilder text = new StringBuilder();
        if (exitCode.isPresent() && reason == Reason.EXITED_BEFORE_HANDSHAKE) {
            text.append("plugin ").append(name).append(" exited before we could connect (exit code ")
                    .append(codeAndSignal(exitCode.getAsInt())).append(")\n");
        } else if (reason == Reason.EXITED_BEFORE_HANDSHAKE) {
            // the reason's name says "exited": this one had not
            text.append("plugin ").append(name).append(" closed its stdout without a handshake line and was still"
                    + " running ").append(OWN_EXIT_WAIT.toMillis()).append(" ms later, so it was killed\n");
        }
        text.append(message);
        if (exitCode.isPresent() && reason != Reason.EXITED_BEFORE_HANDSHAKE) {
            text.append("\nplugin ").append(name).append(" exited with code ")
                    .append(codeAndSignal(exitCode.getAsInt()));
        }
        if (!stderrTail.isEmpty()) {
            text.append("\nlast stderr lines of plugin ").append(name).append(':');
            stderrTail.forEach(line -> text.append("\n  ").append(line));
            if (cookieRefused) {
                text.append("\n(go-plugin's answer to a missing or wrong magic cookie: check the host's magic cookie"
                        + " against the plugin's handshake config)");
            }
        }
        return new PluginStartException(cookieRefused ? Reason.MAGIC_COOKIE_REFUSED : reason, text.toString(), exitCode,
                stderrTail, cause.getCause() != null ? cause.getCause() : cause);
    }

    // inside go-plugin's parentheses: "exit code 137, signal 9, SIGKILL"
    private static String codeAndSignal(int code) {
        return ExitSignals.of(code).map(signal -> code + ", " + signal).orElse(Integer.toString(code));
    }
}
