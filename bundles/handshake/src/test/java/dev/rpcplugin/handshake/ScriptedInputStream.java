package dev.rpcplugin.handshake;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Test stream: serves its bytes, then either ends or blocks like an open pipe until closed. A
 * blocked read gives up after a safety bound so a broken reader cannot hang the test run.
 */
final class ScriptedInputStream extends InputStream {

    private static final long SAFETY_BOUND_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final byte[] data;
    private final boolean blockAtEnd;
    private int position;
    private boolean closed;

    private ScriptedInputStream(byte[] data, boolean blockAtEnd) {
        this.data = data.clone();
        this.blockAtEnd = blockAtEnd;
    }

    /** Serves {@code data}, then end of stream. */
    static ScriptedInputStream ending(byte[] data) {
        return new ScriptedInputStream(data, false);
    }

    /** Serves {@code data}, then blocks until closed (like a live plugin that prints nothing more). */
    static ScriptedInputStream blocking(byte[] data) {
        return new ScriptedInputStream(data, true);
    }

    @Override
    public synchronized int read() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        if (position < data.length) {
            return data[position++] & 0xFF;
        }
        if (!blockAtEnd) {
            return -1;
        }
        long deadline = System.nanoTime() + SAFETY_BOUND_NANOS;
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("Stream closed");
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** How many bytes a reader has consumed. */
    synchronized int position() {
        return position;
    }
}
