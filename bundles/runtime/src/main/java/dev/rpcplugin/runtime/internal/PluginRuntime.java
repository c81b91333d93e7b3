package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.client.PluginHost;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every plugin component shares, owned by one internal component: the {@link PluginHost} (event
 * loops, host AutoMTLS identity), one cached pool for blocking work (the host's pipe poller, handshake
 * reads and kills, the supervisors' serial executors, teardowns), one timer thread, and the registry of
 * supervisors.
 * Plugin components reference it statically, so on bundle or framework stop they are deactivated
 * first; its own deactivation then waits, bounded, for every teardown still running and closes
 * everything, leaving no process, socket or thread behind.
 */
@Component(service = PluginRuntime.class, immediate = true)
public final class PluginRuntime {

    /** Longest wait in deactivate for teardowns still running (each is bounded by its own settings). */
    static final Duration TEARDOWN_WAIT = Duration.ofSeconds(30);
    /** Longest wait for the pool's threads to end. */
    static final Duration POOL_WAIT = Duration.ofSeconds(5);
    /** Longest wait for teardowns still running after {@link #TEARDOWN_WAIT} to end once interrupted. */
    static final Duration INTERRUPTED_WAIT = Duration.ofSeconds(10);
    private static final long INTERRUPT_EVERY_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final SupervisorRegistry registry = new SupervisorRegistry();
    private final Set<CompletableFuture<Void>> teardowns = ConcurrentHashMap.newKeySet();
    private final Set<Thread> teardownThreads = ConcurrentHashMap.newKeySet(); // running runTracked work now
    private final Duration teardownWait;
    private ExecutorService pool;
    private ScheduledExecutorService timer;
    private PluginHost host;

    /** The component, waiting {@link #TEARDOWN_WAIT} for teardowns in deactivate. */
    public PluginRuntime() {
        this(TEARDOWN_WAIT);
    }

    PluginRuntime(Duration teardownWait) {
        this.teardownWait = teardownWait;
    }

    @Activate
    void activate() {
        pool = newPool();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("rpcplugin-runtime-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
        try {
            host = PluginHost.builder().executor(pool).build();
        } catch (RuntimeException | Error e) {
            timer.shutdownNow();
            pool.shutdownNow();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        awaitTeardowns();
        host.close(); // kills whatever still runs; uses the pool, so before its shutdown
        timer.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(POOL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("runtime threads still busy {} after stop; interrupting them", POOL_WAIT);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    SupervisorRegistry registry() {
        return registry;
    }

    ExecutorService pool() {
        return pool;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The host of every plugin (a configured {@code socket.dir} is a setting of the plugin's client). */
    PluginHost host() {
        return host;
    }

    /**
     * Runs blocking teardown work on the pool; deactivate waits for it, and interrupts it when it outlasts
     * the wait (the client then kills the process tree without waiting out the stop grace). Runs it here if
     * the pool is gone.
     */
    CompletableFuture<Void> runTracked(Runnable work) {
        CompletableFuture<Void> done;
        try {
            done = CompletableFuture.runAsync(() -> {
                Thread self = Thread.currentThread();
                teardownThreads.add(self);
                try {
                    work.run();
                } finally {
                    teardownThreads.remove(self);
                    Thread.interrupted(); // an interrupt meant for this work must not reach the pool's next task
                }
            }, pool);
        } catch (RejectedExecutionException e) {
            work.run();
            return CompletableFuture.completedFuture(null);
        }
        track(done);
        return done;
    }

    /** Makes deactivate wait for this future, bounded. */
    void track(CompletableFuture<Void> work) {
        teardowns.add(work);
        work.whenComplete((v, e) -> {
            teardowns.remove(work);
            if (e != null) {
                LOG.warn("plugin teardown failed", e);
            }
        });
    }

    private void awaitTeardowns() {
        CompletableFuture<?> all = CompletableFuture.allOf(teardowns.toArray(new CompletableFuture<?>[0]));
        try {
            all.get(teardownWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} plugin teardown(s) still running after {}; killing what is left", teardowns.size(),
                    teardownWait);
            interruptUntilDone(all);
        } catch (ExecutionException e) {
            LOG.debug("a plugin teardown failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // A teardown waiting out its drain timeout or stop grace ends at once when interrupted: the client then
    // sends SIGKILL to the process tree. Repeated, because each step of a teardown finishes a bounded wait it
    // was interrupted in before it goes on.
    private void interruptUntilDone(CompletableFuture<?> all) {
        long deadline = System.nanoTime() + INTERRUPTED_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            teardownThreads.forEach(Thread::interrupt);
            try {
                all.get(INTERRUPT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // still running: interrupt again
            } catch (ExecutionException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("{} plugin teardown(s) still running {} after they were interrupted", teardowns.size(),
                INTERRUPTED_WAIT);
    }

    private static ExecutorService newPool() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> daemon("rpcplugin-runtime-" + count.incrementAndGet()).newThread(task));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
