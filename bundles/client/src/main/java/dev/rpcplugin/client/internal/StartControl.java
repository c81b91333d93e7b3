package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import io.grpc.ManagedChannel;
import java.util.List;

/**
 * Lets {@code kill()} abort a start in progress: the starting thread publishes the process as soon as
 * it exists and the channel as soon as it is built; a cancel kills a launched process (which ends the
 * handshake read at once: EOF) and shuts the channel down (which ends a health check at once).
 */
public final class StartControl {

    private volatile boolean cancelled;
    private volatile PluginProcess process;
    private volatile ManagedChannel channel;

    /** Aborts the start; kills the launched process tree and shuts the channel down if they exist already. */
    public void cancel() {
        cancelled = true;
        PluginProcess current = process;
        if (current != null && current.child() != null) {
            List<String> sockets = current.listeningSockets();
            current.tree().killAll();
            if (!sockets.isEmpty()) {
                current.exit().thenRun(() -> current.removeSockets(sockets));
            }
        }
        ManagedChannel building = channel;
        if (building != null) {
            building.shutdownNow();
        }
    }

    /** The failure of a start that {@link #cancel()} ended. */
    public static PluginStartException killedWhileStarting(String plugin) {
        return new PluginStartException(PluginStartException.Reason.KILLED, "plugin " + plugin
                + " was killed while starting", null);
    }

    /** The process this start launched, or null if none was launched (yet, or ever: a reattach). */
    public PluginProcess launched() {
        PluginProcess current = process;
        return current != null && current.child() != null ? current : null;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /**
     * Publishes the new process.
     *
     * @return false if the start was cancelled meanwhile (the caller must then clean up)
     */
    boolean publish(PluginProcess started) {
        // both fields volatile: either cancel() sees the process or this sees the flag
        process = started;
        return !cancelled;
    }

    /**
     * Publishes the channel being connected.
     *
     * @return false if the start was cancelled meanwhile (the caller must then shut it down)
     */
    boolean publish(ManagedChannel connecting) {
        channel = connecting;
        return !cancelled;
    }
}
