package dev.rpcplugin.client.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;

/**
 * Waits with a timeout for a pipe to hold data or to end, by {@code poll(2)} on a descriptor of its
 * own, so that a reader of {@link ChildPipeInputStream} never blocks in a read that only the writer
 * can end. Not thread-safe: its stream calls it under its read lock.
 */
final class PipeReadiness {

    private static final short POLLNVAL = 0x20;

    private final Libc libc;
    private final Memory pollFd = new Memory(8); // struct pollfd { int fd; short events, revents; }
    private int fd;

    /** @param fd a read end of the pipe, owned from now on: closed by {@link #close()} */
    PipeReadiness(Libc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /**
     * @return true when a read would not block (data, end of file or an error to report), false when
     *     the timeout passed or a signal came first
     */
    boolean await(int timeoutMillis) throws IOException {
        if (fd < 0) {
            return true; // closed: the read reports it
        }
        pollFd.clear();
        pollFd.setInt(0, fd);
        pollFd.setShort(4, Libc.POLLIN);
        try {
            if (libc.poll(pollFd, 1, timeoutMillis) <= 0) {
                return false;
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EINTR) {
                return false;
            }
            throw new IOException("poll of a child's pipe failed: " + libc.strerror(e.getErrorCode()), e);
        }
        if ((pollFd.getShort(6) & POLLNVAL) != 0) {
            throw new IOException("poll of a child's pipe failed: descriptor " + fd + " is not open");
        }
        return true;
    }

    void close() {
        if (fd >= 0) {
            int closing = fd;
            fd = -1;
            try {
                libc.close(closing);
            } catch (LastErrorException e) {
                // closed either way
            }
        }
    }
}
