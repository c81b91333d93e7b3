package dev.rpcplugin.client.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the callbacks of calls on a host's plugin channels run unless the application names an
 * executor: a cached pool of daemon threads, apart from the host's pool for its own work. Closing the
 * host neither waits for running callbacks nor interrupts them, and a call still delivering then (its
 * last messages, its close) gets a thread of its own for each task: no call is left without its end.
 */
public final class CallbackExecutor implements Executor {

    static final String THREAD_PREFIX = "rpcplugin-callbacks-";

    private final AtomicInteger count = new AtomicInteger();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), this::thread);

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        HostThreads.executeOrStartThread(pool, task, this::nextName);
    }

    /** Takes no more tasks into the pool; idle threads end at once, busy ones after their callback. */
    public void close() {
        pool.shutdown();
    }

    private Thread thread(Runnable task) {
        Thread thread = new Thread(task, nextName());
        thread.setDaemon(true);
        return thread;
    }

    private String nextName() {
        return THREAD_PREFIX + count.incrementAndGet();
    }
}
