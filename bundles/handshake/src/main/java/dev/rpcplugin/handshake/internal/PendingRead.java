package dev.rpcplugin.handshake.internal;

import dev.rpcplugin.handshake.HandshakeException;
import dev.rpcplugin.handshake.HandshakeException.Reason;
import dev.rpcplugin.handshake.HandshakeLine;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One handshake read racing its deadline. Exactly one side settles it: the reading task (with a
 * line or a failure) or the deadline, cancellation or any outside completion of the future. If
 * the reader loses, the stream is closed first (so a blocked read is released where the stream
 * allows it) and the reader's result is dropped; if the reader wins, the stream stays open.
 */
public final class PendingRead {

    private enum State { READING, READ, ABANDONED }

    private final AtomicReference<State> state = new AtomicReference<>(State.READING);
    private final CompletableFuture<HandshakeLine> result = new CompletableFuture<>();
    private final InputStream stream;

    /** @param stream the plugin's stdout */
    public PendingRead(InputStream stream) {
        this.stream = stream;
        result.whenComplete((line, failure) -> abandon());
    }

    /** The future handed to the caller. */
    public CompletableFuture<HandshakeLine> result() {
        return result;
    }

    /** Reads on the calling thread, unless the read was abandoned while this task was queued. */
    public void run(HandshakeScan scan) {
        if (state.get() != State.READING) {
            return;
        }
        try {
            HandshakeLine line = scan.scan(stream);
            if (claim()) {
                result.complete(line);
            }
        } catch (HandshakeException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            fail(readFailed(e));
        } catch (Error e) {
            fail(readFailed(e));
            throw e;
        }
    }

    /** Settles the read with {@code failure} unless the reader already has; closes the stream first. */
    public void expire(HandshakeException failure) {
        if (abandon()) {
            result.completeExceptionally(failure);
        }
    }

    private void fail(HandshakeException failure) {
        if (claim()) {
            result.completeExceptionally(failure);
        }
    }

    private boolean claim() {
        return state.compareAndSet(State.READING, State.READ);
    }

    private boolean abandon() {
        if (!state.compareAndSet(State.READING, State.ABANDONED)) {
            return false;
        }
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing only serves to release a blocked reader; the outcome is already decided.
        }
        return true;
    }

    private static HandshakeException readFailed(Throwable cause) {
        return new HandshakeException(Reason.READ_FAILED, "error reading the plugin's stdout: " + cause, null, cause);
    }
}
