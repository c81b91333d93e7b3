package dev.rpcplugin.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Lists and controls the configured plugins. Every method returns at once: starts, stops and
 * restarts happen in the background and show in {@link PluginStatusDTO#state}.
 *
 * <p>The state leads the service registry: it is {@link PluginState#SERVING} before a plugin's
 * {@link PluginConnection} is registered, and the state that follows (with its last failure) is set
 * before the service is unregistered, so a consumer that asks from its bind or unbind callback sees
 * them agree. A process that exits is the exception: its service goes at once, and its state follows
 * a moment later.
 */
@ProviderType
public interface PluginAdmin {

    /**
     * All configured plugins, sorted by name.
     *
     * @return a snapshot of each plugin
     */
    List<PluginStatusDTO> list();

    /**
     * One plugin by name. Where no plugin has the name, a plugin whose configuration has that PID, or
     * that name after the PID's {@code ~} (a configuration refused a name another one uses is
     * listed under that name, so this finds it).
     *
     * @param name the configured plugin name, or its configuration's PID or name
     * @return its snapshot, or empty when no plugin has that name
     */
    Optional<PluginStatusDTO> get(String name);

    /**
     * Starts a stopped or failed plugin.
     *
     * @param name the configured plugin name
     * @throws IllegalArgumentException when no plugin has that name
     */
    void start(String name);

    /**
     * Stops a plugin: unregisters its service and ends its process; it stays stopped until started.
     *
     * @param name the configured plugin name
     * @throws IllegalArgumentException when no plugin has that name
     */
    void stop(String name);

    /**
     * Stops and starts a plugin with a new incarnation.
     *
     * @param name the configured plugin name
     * @throws IllegalArgumentException when no plugin has that name
     */
    void restart(String name);

    /**
     * The most recent lines the plugin wrote to its stderr, oldest first. Each run of lines written by
     * one process comes after a line {@code --- pid N ---} naming it ({@code --- pid unknown ---} when it
     * was not known), so that the lines of a replacement that starts while the plugin serves, or of the
     * processes before a restart, are told apart.
     *
     * @param name the configured plugin name
     * @param maxLines how many of the plugin's lines at most (the pid lines come on top)
     * @return the lines, possibly empty
     * @throws IllegalArgumentException when no plugin has that name
     */
    List<String> recentLog(String name, int maxLines);
}
