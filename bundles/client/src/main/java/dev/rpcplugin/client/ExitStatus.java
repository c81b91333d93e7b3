package dev.rpcplugin.client;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Words for a plugin's exit status. A process ended by a signal has the status 128 + the signal's
 * number, as {@link Process#exitValue()} and shells report it, so such statuses name the signal too.
 */
public final class ExitStatus {

    private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(10, "SIGUSR1"),
            Map.entry(11, "SIGSEGV"), Map.entry(12, "SIGUSR2"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"),
            Map.entry(15, "SIGTERM"));

    private ExitStatus() {
    }

    /**
     * The status as a number, with the signal for statuses above 128: {@code 137 (signal 9, SIGKILL)}.
     *
     * @param status an exit status
     */
    public static String describe(int status) {
        int signal = status - 128;
        if (signal < 1 || signal > 64) {
            return Integer.toString(status);
        }
        String name = SIGNALS.get(signal);
        return status + " (signal " + signal + (name != null ? ", " + name : "") + ")";
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
