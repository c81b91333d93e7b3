package dev.rpcplugin.server.internal;

import dev.rpcplugin.server.PluginLogger;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Makes the process survive SIGINT, as go-plugin plugins do: a Ctrl-C in the host's terminal reaches
 * the whole process group, and the host, not the plugin, decides when plugins end. Each ignored
 * signal is logged at TRACE with go-plugin's message. SIGTERM keeps its default (the JVM exits).
 */
public final class InterruptSignals {

    private InterruptSignals() {
    }

    /**
     * Installs the handler.
     *
     * @param log where ignored signals are reported
     * @return true if installed; false if the JVM does not allow it (for example with {@code -Xrs}
     *     or without the {@code jdk.unsupported} module), which is logged at WARN
     */
    public static boolean ignore(PluginLogger log) {
        AtomicInteger count = new AtomicInteger();
        try {
            Signal.handle(new Signal("INT"),
                    signal -> log.trace("plugin received interrupt signal, ignoring", "count", count.incrementAndGet()));
            return true;
        } catch (IllegalArgumentException | LinkageError unsupported) {
            log.warn("cannot ignore SIGINT; an interrupt will stop the plugin", "error", unsupported);
            return false;
        }
    }
}
