package dev.rpcplugin.client.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices the exits of all children of one {@link NativeSpawner} on a single thread: it polls their
 * pidfds (Linux 5.3 and later) and an eventfd that wakes it for new children and for
 * {@link #close()}. A pidfd turns readable when its process exits; the child is then reaped with a
 * {@code waitpid} for its own pid, so children started by other code in the JVM are never touched.
 * It also watches processes that are not its children (reattached plugins), without reaping them; those
 * watches are dropped when it is closed. The thread starts with the first watch and ends once closed
 * and every child was reaped.
 */
final class ChildReaper {

    private static final Logger LOG = LoggerFactory.getLogger(ChildReaper.class);

    static final String THREAD_NAME = "rpcplugin-reaper";

    private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0}; // eventfd counters are native 64-bit integers

    private final Libc libc;
    private final int wakeFd;
    private final Queue<Watched> added = new ConcurrentLinkedQueue<>();
    private Thread thread; // guarded by this
    private volatile boolean closed; // written under this
    private boolean finished; // guarded by this: the thread ended and closed the eventfd

    // child null: a process of someone else, whose exit completes `ended`
    private record Watched(NativeChild child, int pidfd, CompletableFuture<Void> ended) {
    }

    ChildReaper(Libc libc) {
        this.libc = libc;
        this.wakeFd = libc.eventfd(0, Libc.O_CLOEXEC | Libc.O_NONBLOCK);
    }

    /**
     * Watches {@code child} through {@code pidfd}, which it closes once the child was reaped.
     *
     * @throws IllegalStateException if closed
     */
    void watch(NativeChild child, int pidfd) {
        add(new Watched(child, pidfd, null));
    }

    /**
     * Watches a process that is not a child through {@code pidfd}, which it closes once the process
     * exited or this reaper was closed.
     *
     * @return completed on this reaper's thread when the process exits; never if the reaper is closed first.
     *     Cancelling it ends the watch: the pidfd is closed, the process is no longer polled.
     * @throws IllegalStateException if closed
     */
    CompletableFuture<Void> watchExit(int pidfd) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        add(new Watched(null, pidfd, ended));
        ended.whenComplete((ignored, failure) -> {
            if (ended.isCancelled()) {
                wakeWhileRunning(); // the reaper's thread drops the watch and closes its pidfd
            }
        });
        return ended;
    }

    private synchronized void add(Watched watch) {
        if (closed) {
            throw new IllegalStateException("the reaper is closed");
        }
        added.add(watch);
        if (thread == null) {
            thread = new Thread(this::run, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        } else {
            wake();
        }
    }

    /** Takes no more children; the thread ends when the last child was reaped. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread == null) {
            finished = true;
            closeQuietly(wakeFd);
        } else {
            wake();
        }
    }

    private synchronized void wakeWhileRunning() {
        if (!finished) { // once finished, the eventfd is closed and its number may be another file's
            wake();
        }
    }

    private void wake() {
        try {
            libc.write(wakeFd, ONE);
        } catch (LastErrorException e) {
            LOG.debug("waking the reaper: {}", libc.strerror(e.getErrorCode())); // EAGAIN: it is awake already
        }
    }

    private void run() {
        List<Watched> watched = new ArrayList<>();
        try {
            while (true) {
                for (Watched w; (w = added.poll()) != null;) {
                    watched.add(w);
                }
                watched.removeIf(this::droppedIfCancelled);
                if (closed) {
                    dropOthers(watched);
                }
                if (watched.isEmpty() && closed) {
                    synchronized (this) {
                        if (added.isEmpty()) {
                            return;
                        }
                    }
                    continue;
                }
                try {
                    pollOnce(watched);
                } catch (RuntimeException | Error e) {
                    // never give up: a child not reaped would stay a zombie and its exit unnoticed
                    LOG.error("watching {} plugin processes failed; trying again", watched.size(), e);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        } finally {
            synchronized (this) {
                finished = true;
                closeQuietly(wakeFd);
            }
        }
    }

    private void pollOnce(List<Watched> watched) {
        Memory fds = new Memory(8L * (watched.size() + 1)); // struct pollfd { int fd; short events, revents; }
        fds.clear();
        fds.setInt(0, wakeFd);
        fds.setShort(4, Libc.POLLIN);
        for (int i = 0; i < watched.size(); i++) {
            fds.setInt(8L * (i + 1), watched.get(i).pidfd());
            fds.setShort(8L * (i + 1) + 4, Libc.POLLIN);
        }
        try {
            libc.poll(fds, watched.size() + 1, -1);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EINTR) {
                return;
            }
            throw e;
        }
        boolean woken = fds.getShort(6) != 0;
        if (woken) {
            try {
                libc.read(wakeFd, new byte[8]);
            } catch (LastErrorException e) {
                // EAGAIN: another round took the count already
            }
        }
        boolean readable = false;
        boolean reaped = false;
        for (int i = watched.size() - 1; i >= 0; i--) {
            if (fds.getShort(8L * (i + 1) + 6) != 0) {
                readable = true;
                if (reap(watched.get(i))) {
                    watched.remove(i);
                    reaped = true;
                }
            }
        }
        if (readable && !reaped && !woken) {
            // an exited child a tracer has not released yet: its pidfd stays readable, so do not spin
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    // A closed reaper waits only for its own children.
    private void dropOthers(List<Watched> watched) {
        watched.removeIf(w -> {
            if (w.child() != null) {
                return false;
            }
            closeQuietly(w.pidfd());
            return true;
        });
    }

    private boolean droppedIfCancelled(Watched w) {
        if (w.child() != null || !w.ended().isCancelled()) {
            return false;
        }
        closeQuietly(w.pidfd());
        return true;
    }

    private boolean reap(Watched w) {
        if (w.child() == null) { // not ours to reap: it exited
            closeQuietly(w.pidfd());
            w.ended().complete(null);
            return true;
        }
        boolean gone;
        try {
            gone = w.child().reap();
        } catch (RuntimeException | Error e) {
            LOG.error("handing on the exit of process {} failed", w.child().pid(), e);
            gone = w.child().isReaped();
        }
        if (gone) {
            closeQuietly(w.pidfd());
        }
        return gone;
    }

    private void closeQuietly(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            LOG.debug("closing fd {}: {}", fd, libc.strerror(e.getErrorCode()));
        }
    }
}
