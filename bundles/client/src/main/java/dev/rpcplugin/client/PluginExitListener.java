package dev.rpcplugin.client;

import java.util.OptionalInt;

/**
 * Told once when a plugin's process has exited, whether it was killed or died on its own, or when
 * {@link PluginClient#start()} failed.
 */
@FunctionalInterface
public interface PluginExitListener {

    /**
     * Called on a host pool thread (on the thread of a failed {@code start()}, before it throws; or at
     * once on the caller's thread if the plugin had already exited when the listener was added), after
     * the client's own cleanup when the plugin died on its own. May call {@link PluginClient#kill()}.
     * Must not block for long; exceptions are logged and ignored.
     *
     * @param plugin the plugin whose process ended
     * @param exitCode the exit status for a plugin launched by this host; empty for a reattached one,
     *     and for a failed start that launched no process
     */
    void exited(PluginClient plugin, OptionalInt exitCode);
}
