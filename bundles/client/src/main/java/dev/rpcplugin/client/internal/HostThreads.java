package dev.rpcplugin.client.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The host's own pool for blocking work: cached (threads reused, idle ones end after 60 s), daemon. */
public final class HostThreads {

    private HostThreads() {
    }

    public static ExecutorService newCachedPool() {
        return new Pool();
    }

    /**
     * Runs {@code task} on {@code executor}, or, if it refuses (shut down), on a daemon thread of its own
     * named by {@code threadName}: work that must not be lost, such as a kill or a call's last callbacks.
     *
     * @return whether the executor refused it
     */
    public static boolean executeOrStartThread(Executor executor, Runnable task, Supplier<String> threadName) {
        try {
            executor.execute(task);
            return false;
        } catch (RejectedExecutionException refused) {
            Thread thread = new Thread(task, threadName.get());
            thread.setDaemon(true);
            thread.start();
            return true;
        }
    }

    /**
     * Whether the calling thread is one of {@code pool}'s, made by {@link #newCachedPool()}: such a
     * thread must not wait for the pool's termination, which includes its own end.
     */
    public static boolean runsOn(ExecutorService pool) {
        return Thread.currentThread() instanceof PoolThread thread && thread.pool == pool;
    }

    private static final class Pool extends ThreadPoolExecutor {

        private final AtomicInteger count = new AtomicInteger();

        Pool() {
            super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
            setThreadFactory(task -> new PoolThread(task, "rpcplugin-host-" + count.incrementAndGet(), this));
        }
    }

    private static final class PoolThread extends Thread {

        final Pool pool;

        PoolThread(Runnable task, String name, Pool pool) {
            super(task, name);
            this.pool = pool;
            setDaemon(true);
        }
    }
}
