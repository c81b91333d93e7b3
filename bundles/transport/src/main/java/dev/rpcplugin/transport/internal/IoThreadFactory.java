package dev.rpcplugin.transport.internal;

import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the event loop threads: daemon (a forgotten close never keeps a JVM alive), named
 * {@code <prefix>N}, and remembered so that closing can wait until they have really ended.
 */
public final class IoThreadFactory implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * @param prefix thread name prefix, e.g. {@code rpcplugin-io-}
     */
    public IoThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        // FastThreadLocalThread lets Netty use its fast thread-local path on these threads.
        Thread thread = new FastThreadLocalThread(task, prefix + counter.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /**
     * Waits until every thread made so far has ended.
     *
     * @param deadlineNanos {@link System#nanoTime()} value after which to stop waiting
     * @return whether all threads ended in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean joinAll(long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
