package dev.rpcplugin.transport.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The listeners and channels still open on one event loop group, each with the way to close it at
 * once. Closing the group first runs those, so no socket file outlives it.
 */
public final class OpenResources {

    /**
     * How one listener or channel is closed at once, in two steps so that all of them stop together
     * and the waits overlap instead of adding up.
     *
     * @param stop stops it; must not block
     * @param awaitStopped waits until the stop has completed or the {@link System#nanoTime()} deadline it
     *        is given has passed, then cleans up; must not throw
     */
    public record ForcedClose(Runnable stop, LongConsumer awaitStopped) {

        /**
         * @param stop stops it; must not block
         * @return a close with nothing to wait for
         */
        public static ForcedClose stopOnly(Runnable stop) {
            return new ForcedClose(stop, deadline -> { });
        }
    }

    private final Map<Object, ForcedClose> open = new IdentityHashMap<>();
    private boolean closed;

    /**
     * @param owner the listener or channel
     * @param forcedClose how to close it at once
     * @return false if the group is already closed (then nothing is registered)
     */
    public synchronized boolean register(Object owner, ForcedClose forcedClose) {
        if (closed) {
            return false;
        }
        open.put(owner, forcedClose);
        return true;
    }

    /**
     * @param owner a listener or channel that has closed itself
     */
    public synchronized void unregister(Object owner) {
        open.remove(owner);
    }

    /** @return whether {@link #closeAll(long)} has been called */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Refuses further registrations, stops everything still open, then waits for all of them together
     * (outside the lock, so a closing resource may unregister itself).
     *
     * @param waitNanos how long, in all, to wait for what was stopped
     */
    public void closeAll(long waitNanos) {
        List<ForcedClose> closes;
        synchronized (this) {
            closed = true;
            closes = new ArrayList<>(open.values());
            open.clear();
        }
        RuntimeException failure = null;
        for (ForcedClose close : closes) {
            failure = runCollecting(close.stop(), failure);
        }
        long deadline = System.nanoTime() + waitNanos; // compared only by difference, so wrapping is harmless
        for (ForcedClose close : closes) {
            failure = runCollecting(() -> close.awaitStopped().accept(deadline), failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException runCollecting(Runnable action, RuntimeException failure) {
        try {
            action.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }
}
