package dev.rpcplugin.client.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the stdout and stderr pipes of all plugins of one host from a single task on the host's
 * executor, so that a live plugin costs no thread of its own.
 *
 * <p>java.lang.Process offers only blocking streams, but {@link java.io.InputStream#available()} tells
 * how much a pipe holds, so the task takes what every pipe holds without blocking, then sleeps: 2 ms
 * after a round that found data (one wake-up takes many log lines), doubling up to
 * {@link #MAX_IDLE_MILLIS} while all pipes stay quiet. A round that filled its buffer goes again at
 * once, so a fast writer is never held up, and a new pipe or a child's exit ends the sleep at once.
 * Once a child has exited its pipe is handed to a pooled task that reads the rest to EOF: the JDK
 * keeps what was left in the pipe at exit, and a descendant still holding the pipe can only block that
 * task, never the poller. The poller ends when no pipe is left and is started again by the next
 * {@link #watch}.
 */
public final class PipePoller {

    private static final Logger LOG = LoggerFactory.getLogger(PipePoller.class);

    /** Longest sleep between rounds while every pipe is quiet: the most a log line waits. */
    static final long MAX_IDLE_MILLIS = 50;

    /** Sleep after a round that found data, so that the next round takes many lines at once. */
    static final long BUSY_SLEEP_MILLIS = 2;

    static final String THREAD_NAME = "rpcplugin-pipes";

    private static final int CHUNK = 64 * 1024;

    private final Executor executor;
    private final Queue<Watched> added = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicReference<Thread> pollingThread = new AtomicReference<>();

    private record Watched(Process process, PipeLineReader reader) {
    }

    /** @param executor runs the polling task and the final reads after a child exited */
    public PipePoller(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Drains the pipe read by {@code reader} until {@code process} has exited and the pipe ended.
     *
     * @throws RejectedExecutionException if the executor takes no more tasks (the pipe is not read then)
     */
    public void watch(Process process, PipeLineReader reader) {
        added.add(new Watched(Objects.requireNonNull(process, "process"), Objects.requireNonNull(reader, "reader")));
        // an exit ends the quiet sleep at once, so that kill() and exit listeners need not wait for it
        process.onExit().thenRun(this::wake);
        if (!polling.compareAndSet(false, true)) {
            wake();
        } else {
            try {
                executor.execute(this::poll);
            } catch (RejectedExecutionException e) {
                // the host's pool is gone: no pipe waiting here will be read
                polling.set(false);
                for (Watched w; (w = added.poll()) != null;) {
                    w.reader().fail(e);
                }
                throw e;
            }
        }
    }

    private void poll() {
        Thread thread = Thread.currentThread();
        String poolName = thread.getName();
        thread.setName(THREAD_NAME);
        pollingThread.set(thread);
        List<Watched> active = new ArrayList<>();
        byte[] chunk = new byte[CHUNK];
        long idleMillis = 1;
        boolean interrupted = false;
        try {
            while (true) {
                for (Watched w; (w = added.poll()) != null;) {
                    active.add(w);
                }
                if (active.isEmpty()) {
                    polling.set(false);
                    // a watch() that found the flag still set relies on this task to take its pipe
                    if (added.isEmpty() || !polling.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                long taken = 0;
                boolean full = false;
                for (Iterator<Watched> it = active.iterator(); it.hasNext();) {
                    Watched w = it.next();
                    int n = pollOne(w, chunk);
                    if (n < 0) {
                        it.remove();
                    } else {
                        taken += n;
                        full |= n == CHUNK;
                    }
                }
                if (full) {
                    continue;
                }
                long sleep = taken > 0 ? BUSY_SLEEP_MILLIS : idleMillis;
                idleMillis = taken > 0 ? 1 : Math.min(idleMillis * 2, MAX_IDLE_MILLIS);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(sleep));
                if (Thread.interrupted()) {
                    interrupted = true; // keep draining: plugins block on full pipes otherwise
                }
            }
        } finally {
            // a task started after this one gave up its turn may have set itself already
            pollingThread.compareAndSet(thread, null);
            thread.setName(poolName);
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    private void wake() {
        Thread thread = pollingThread.get();
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    // bytes taken, or -1 when the pipe is no longer this task's
    private int pollOne(Watched w, byte[] chunk) {
        try {
            if (!w.process().isAlive()) {
                readRest(w.reader());
                return -1;
            }
            return w.reader().readAvailable(chunk);
        } catch (RuntimeException | Error e) {
            LOG.warn("reading {} failed", w.reader().what(), e);
            w.reader().fail(e);
            return -1;
        }
    }

    private void readRest(PipeLineReader reader) {
        try {
            executor.execute(reader);
        } catch (RejectedExecutionException e) {
            // the host is closing; take what is there without blocking this task
            byte[] chunk = new byte[CHUNK];
            while (reader.readAvailable(chunk) > 0) {
                // keep taking
            }
            if (!reader.done().isDone()) {
                reader.fail(new IllegalStateException("host closed before " + reader.what() + " ended"));
            }
        }
    }
}
