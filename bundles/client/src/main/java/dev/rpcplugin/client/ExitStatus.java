package dev.rpcplugin.client;

import dev.rpcplugin.client.internal.ExitSignals;
import java.util.OptionalInt;

/**
 * Words for a plugin's exit status. A process ended by a signal has the status 128 + the signal's
 * number, as {@link Process#exitValue()} and shells report it, so such statuses name the signal too.
 */
public final class ExitStatus {

    private ExitStatus() {
    }

    /**
     * The status as a number, with the signal for statuses above 128: {@code 137 (signal 9, SIGKILL)}.
     *
     * @param status an exit status
     */
    public static String describe(int status) {
        return ExitSignals.of(status).map(signal -> status + " (" + signal + ")").orElse(Integer.toString(status));
    }

    /**
     * As {@link #describe(int)}, or {@code unknown} when there is no status (a reattached plugin).
     *
     * @param status an exit status, or empty
     */
    public static String describe(OptionalInt status) {
        return status.isPresent() ? describe(status.getAsInt()) : "unknown";
    }
}
