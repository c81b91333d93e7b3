package dev.rpcplugin.client.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application's executor for the host's blocking work, which runs a task it refuses (shut down
 * before the host was closed) on a thread of its own instead. Exit notices, kills and pipe reading must
 * go on, or a plugin would outlive its host and {@code kill()} would wait for a notice that never comes.
 */
public final class RefusalSafeExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalSafeExecutor.class);

    private final Executor delegate;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicInteger count = new AtomicInteger();

    public RefusalSafeExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        boolean refused = HostThreads.executeOrStartThread(delegate, task,
                () -> "rpcplugin-host-refused-" + count.incrementAndGet());
        if (refused && warned.compareAndSet(false, true)) {
            LOG.warn("the executor given to PluginHost.Builder.executor refused a task; the host runs such tasks"
                    + " on threads of its own: keep that executor running until the host is closed");
        }
    }
}
