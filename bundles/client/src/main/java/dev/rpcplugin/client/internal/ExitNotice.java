package dev.rpcplugin.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The exit of one plugin process as an event: recorded once, then told to every listener exactly once
 * (listeners added later are told at once, on the adding thread). Thread-safe.
 */
public final class ExitNotice {

    private final List<Consumer<OptionalInt>> listeners = new ArrayList<>(); // guarded by itself
    private OptionalInt code; // guarded by listeners; null until recorded
    private List<Consumer<OptionalInt>> pending = List.of(); // guarded by listeners
    private final CompletableFuture<OptionalInt> recorded = new CompletableFuture<>();
    private final CompletableFuture<Void> told = new CompletableFuture<>();
    // set while listeners run: code they call must not wait for them to finish
    private final ThreadLocal<Boolean> telling = new ThreadLocal<>();

    /** Adds a listener; runs it now if the exit was recorded already. */
    public void add(Consumer<OptionalInt> listener) {
        OptionalInt now;
        synchronized (listeners) {
            if (code == null) {
                listeners.add(listener);
                return;
            }
            now = code;
        }
        boolean nested = isTelling();
        telling.set(Boolean.TRUE); // as for the others: a kill() from it must not wait for the telling
        try {
            listener.accept(now);
        } finally {
            if (!nested) {
                telling.remove();
            }
        }
    }

    /** Records the exit (first call only); listeners are told later by {@link #tell()}. */
    public void record(OptionalInt exitCode) {
        synchronized (listeners) {
            if (code != null) {
                return;
            }
            code = exitCode;
            pending = List.copyOf(listeners);
            listeners.clear();
        }
        recorded.complete(exitCode);
    }

    /**
     * Tells the listeners registered before {@link #record}, on this thread, every one of them even if
     * some fail; then throws the first failure.
     */
    public void tell() {
        List<Consumer<OptionalInt>> toTell;
        OptionalInt exit;
        synchronized (listeners) {
            toTell = pending;
            pending = List.of();
            exit = code;
        }
        telling.set(Boolean.TRUE);
        Throwable firstFailure = null;
        try {
            for (Consumer<OptionalInt> listener : toTell) {
                try {
                    listener.accept(exit);
                } catch (RuntimeException | Error e) { // the others are told all the same
                    if (firstFailure == null) {
                        firstFailure = e;
                    } else if (e != firstFailure) { // a shared instance may come twice; it cannot suppress itself
                        firstFailure.addSuppressed(e);
                    }
                }
            }
        } finally {
            telling.remove();
            told.complete(null);
        }
        if (firstFailure instanceof RuntimeException runtime) {
            throw runtime;
        } else if (firstFailure != null) {
            throw (Error) firstFailure;
        }
    }

    /** Whether the calling thread is running a listener right now. */
    public boolean isTelling() {
        return telling.get() != null;
    }

    public boolean isRecorded() {
        return recorded.isDone();
    }

    /** The exit code, or null if it did not exit within the timeout. */
    public OptionalInt await(Duration timeout) throws InterruptedException {
        try {
            return recorded.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return OptionalInt.empty();
        }
    }

    /** Waits (bounded, not interruptible) until the listeners were told. */
    public void awaitTold(Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                told.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (TimeoutException | ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
