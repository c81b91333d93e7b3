package dev.rpcplugin.client.internal;

import java.util.Map;
import java.util.Optional;

/** The signal an exit status above 128 stands for, as shells report a death by signal. */
public final class ExitSignals {

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(10, "SIGUSR1"),
            Map.entry(11, "SIGSEGV"), Map.entry(12, "SIGUSR2"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"),
            Map.entry(15, "SIGTERM"));

    private ExitSignals() {
    }

    /** {@code signal 9, SIGKILL} for 137; empty for statuses that are no signal's. */
    public static Optional<String> of(int status) {
        int signal = status - 128;
        if (signal < 1 || signal > 64) {
            return Optional.empty();
        }
        String name = NAMES.get(signal);
        return Optional.of("signal " + signal + (name != null ? ", " + name : ""));
    }
}
