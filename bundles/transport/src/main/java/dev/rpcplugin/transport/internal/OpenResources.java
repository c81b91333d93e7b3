package dev.rpcplugin.transport.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listeners and channels still open on one event loop group, each with the action that closes it
 * at once. Closing the group first runs those actions, so no socket file outlives it.
 */
public final class OpenResources {

    private final Map<Object, Runnable> open = new IdentityHashMap<>();
    private boolean closed;

    /**
     * @param owner the listener or channel
     * @param forceClose closes it immediately; must not block for long
     * @return false if the group is already closed (then nothing is registered)
     */
    public synchronized boolean register(Object owner, Runnable forceClose) {
        if (closed) {
            return false;
        }
        open.put(owner, forceClose);
        return true;
    }

    /**
     * @param owner a listener or channel that has closed itself
     */
    public synchronized void unregister(Object owner) {
        open.remove(owner);
    }

    /** @return whether {@link #closeAll()} has been called */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Refuses further registrations and force-closes everything still open (outside the lock, so a
     * closing resource may unregister itself).
     */
    public void closeAll() {
        List<Runnable> actions;
        synchronized (this) {
            closed = true;
            actions = new ArrayList<>(open.values());
            open.clear();
        }
        RuntimeException failure = null;
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
