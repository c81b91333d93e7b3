package dev.rpcplugin.client.internal;

/**
 * Lets {@code kill()} abort a start in progress: the starting thread publishes the process as soon as
 * it exists; a cancel kills it, which ends the handshake read at once (EOF).
 */
public final class StartControl {

    private volatile boolean cancelled;
    private volatile PluginProcess process;

    /** Aborts the start; kills the process tree if it exists already. */
    public void cancel() {
        cancelled = true;
        PluginProcess current = process;
        if (current != null && current.child() != null) {
            current.tree().killAll();
        }
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
}
