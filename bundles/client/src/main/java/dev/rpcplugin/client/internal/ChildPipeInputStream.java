package dev.rpcplugin.client.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read end of a natively spawned child's stdout or stderr pipe, buffered, with
 * {@link java.lang.Process}'s behaviour at exit: what the pipe holds when the child exits is kept
 * and the pipe is closed, so a descendant that still holds its write end cannot keep a reader
 * waiting for EOF. Unlike {@code java.lang.Process}'s streams, a reader waiting for data is released
 * by the child's exit and by {@link #close()} as well: it reads only once {@code poll(2)} said the
 * pipe is ready, and looks at both every {@link #WAKE_MILLIS} while it waits.
 */
final class ChildPipeInputStream extends InputStream {

    private static final int BUFFER = 8192;

    /** How often a waiting reader looks whether the child exited or the stream was closed. */
    static final int WAKE_MILLIS = 100;

    private final ReentrantLock reading = new ReentrantLock();
    private InputStream source; // the pipe, then what it held at exit; guarded by reading
    private volatile boolean drained; // written under reading
    private volatile boolean exited;
    private volatile boolean closed;
    private final FileInputStream pipe;
    private final PipeReadiness readiness; // guarded by reading
    private byte[] buffer = new byte[BUFFER];
    private int position;
    private int count;

    ChildPipeInputStream(FileInputStream pipe, PipeReadiness readiness) {
        this.pipe = Objects.requireNonNull(pipe, "pipe");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.source = pipe;
    }

    @Override
    public int read() throws IOException {
        reading.lock();
        try {
            if (position == count && fill() < 0) {
                return -1;
            }
            return buffer[position++] & 0xff;
        } finally {
            afterRead();
        }
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        reading.lock();
        try {
            if (position == count) {
                ensureOpen();
                if (awaitReadable()) {
                    return source.read(into, offset, length); // large reads straight from the pipe
                }
                if (position == count) {
                    return -1; // the child exited and the pipe held nothing more
                }
            }
            int n = Math.min(length, count - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        } finally {
            afterRead();
        }
    }

    @Override
    public int available() throws IOException {
        reading.lock();
        try {
            ensureOpen();
            return count - position + source.available();
        } finally {
            afterRead();
        }
    }

    /** A reader waiting for data fails with "Stream closed" within {@link #WAKE_MILLIS}. */
    @Override
    public void close() throws IOException {
        closed = true;
        pipe.close();
        if (reading.tryLock()) {
            afterRead(); // else the waiting reader closes what it polls
        }
    }

    private void closePipe() {
        try {
            pipe.close();
        } catch (IOException e) {
            // closed either way
        }
    }

    /**
     * Waits, with the lock held, until the pipe can be read without blocking.
     *
     * @return false when the child exited meanwhile: what the pipe held is in the buffer now
     */
    private boolean awaitReadable() throws IOException {
        while (source == pipe && !readiness.await(WAKE_MILLIS)) {
            ensureOpen();
            if (exited && !drained) {
                drain();
                return false;
            }
        }
        return true;
    }

    /**
     * The child has exited: keep what the pipe holds and close it. A reader waiting right now drains
     * it when it next looks, within {@link #WAKE_MILLIS}.
     */
    void childExited() {
        exited = true;
        if (reading.tryLock()) {
            afterRead();
        }
    }

    // a reader that held the lock when the exit came drains after its read
    private void drainIfExited() {
        if (exited && !drained && !closed && reading.tryLock()) {
            afterRead();
        }
    }

    private int fill() throws IOException {
        ensureOpen();
        if (!awaitReadable()) {
            return position < count ? count - position : -1;
        }
        position = 0;
        count = 0;
        int n = source.read(buffer, 0, buffer.length);
        if (n > 0) {
            count = n;
        }
        return n;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
    }

    // called with the lock held; releases it
    private void afterRead() {
        try {
            if (exited && !drained && !closed) {
                drain();
            }
            if (closed || drained) {
                readiness.close(); // only here, under the lock: never while a reader polls it
            }
        } finally {
            reading.unlock();
        }
        // the exit or a close may have come after the checks above, its tryLock failing on this thread's lock
        drainIfExited();
        if (closed && reading.tryLock()) {
            try {
                readiness.close();
            } finally {
                reading.unlock();
            }
        }
    }

    // called with the lock held: keeps what the pipe holds and closes it
    private void drain() {
        drained = true;
        try {
            byte[] rest = new byte[pipe.available()];
            int taken = 0;
            // not readNBytes: JDK 17's FileInputStream asks a pipe for its position there
            for (int n; taken < rest.length && (n = pipe.read(rest, taken, rest.length - taken)) > 0;) {
                taken += n;
            }
            int kept = count - position;
            byte[] all = new byte[Math.max(BUFFER, kept + taken)];
            System.arraycopy(buffer, position, all, 0, kept);
            System.arraycopy(rest, 0, all, kept, taken);
            buffer = all;
            position = 0;
            count = kept + taken;
        } catch (IOException e) {
            // what was left cannot be read: the stream ends here
        } finally {
            source = InputStream.nullInputStream();
            closePipe();
        }
    }
}
