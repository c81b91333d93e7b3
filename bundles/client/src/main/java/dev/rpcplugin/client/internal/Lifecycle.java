package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginClient.State;
import java.util.concurrent.CompletableFuture;

/**
 * The state machine of one client: NEW → STARTING → CONNECTED → STOPPING → STOPPED, with kill()
 * possible at any point. Each transition says who must do the teardown, so that exactly one thread
 * does it and every other caller waits for it. Thread-safe.
 */
public final class Lifecycle {

    /** What a kill() caller must do. */
    public enum KillAction {
        /** Nothing: already stopped or being stopped by another thread. */
        NONE,
        /** Cancel the start in progress; the starting thread tears down. */
        CANCEL_START,
        /** Tear down a connected plugin. */
        TEARDOWN
    }

    private final Object lock = new Object();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private State state = State.NEW; // guarded by lock

    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** NEW → STARTING; false if the client was started or killed before. */
    public boolean beginStart() {
        synchronized (lock) {
            if (state != State.NEW) {
                return false;
            }
            state = State.STARTING;
            return true;
        }
    }

    /** STARTING → CONNECTED; false if kill() came first (the caller must tear down). */
    public boolean connected() {
        synchronized (lock) {
            if (state != State.STARTING) {
                return false;
            }
            state = State.CONNECTED;
            return true;
        }
    }

    /** CONNECTED → STOPPING; true if the caller must tear down (false: someone else already does). */
    public boolean beginStop() {
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return false;
            }
            state = State.STOPPING;
            return true;
        }
    }

    /** The kill() transition from whatever state the client is in. */
    public KillAction beginKill() {
        synchronized (lock) {
            switch (state) {
                case NEW:
                    state = State.STOPPED;
                    stopped.complete(null);
                    return KillAction.NONE;
                case STARTING:
                    state = State.STOPPING;
                    return KillAction.CANCEL_START;
                case CONNECTED:
                    state = State.STOPPING;
                    return KillAction.TEARDOWN;
                default:
                    return KillAction.NONE;
            }
        }
    }

    /** → STOPPED, releasing every waiter. */
    public void stopped() {
        synchronized (lock) {
            state = State.STOPPED;
        }
        stopped.complete(null);
    }

    /** Waits until {@link #stopped()} (teardowns are bounded, so this is too). */
    public void awaitStopped() {
        stopped.join();
    }
}
