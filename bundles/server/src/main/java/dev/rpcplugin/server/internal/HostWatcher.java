package dev.rpcplugin.server.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Notices that the host process is gone: a daemon thread polls this process's parent and fires once
 * when the parent's pid changes (the plugin was re-parented to init or a subreaper) or the original
 * parent is no longer alive. go-plugin plugins lack this and outlive hosts that die without killing
 * them (go-plugin issues 136 and 210).
 */
public final class HostWatcher implements AutoCloseable {

    private final ProcessHandle host;
    private final Supplier<Optional<ProcessHandle>> currentParent;
    private final long intervalMillis;
    private final Runnable onHostGone;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Creates a watcher (not yet started).
     *
     * @param host the parent captured at start
     * @param currentParent reads the parent now (normally {@code ProcessHandle.current()::parent})
     * @param interval time between checks; positive
     * @param onHostGone runs once, on the watcher thread, when the host is gone
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public HostWatcher(ProcessHandle host, Supplier<Optional<ProcessHandle>> currentParent, Duration interval,
            Runnable onHostGone) {
        this.host = Objects.requireNonNull(host, "host");
        this.currentParent = Objects.requireNonNull(currentParent, "currentParent");
        this.onHostGone = Objects.requireNonNull(onHostGone, "onHostGone");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("host watch interval must be positive, was " + interval);
        }
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.thread = new Thread(this::watch, "rpcplugin-host-watcher");
        thread.setDaemon(true);
    }

    /**
     * Watches this process's current parent.
     *
     * @param interval time between checks
     * @param onHostGone what to do once the parent is gone
     * @return the started watcher, or empty if this process has no parent to watch (already orphaned)
     */
    public static Optional<HostWatcher> watchParent(Duration interval, Runnable onHostGone) {
        Supplier<Optional<ProcessHandle>> parent = () -> ProcessHandle.current().parent();
        return parent.get().map(host -> {
            HostWatcher watcher = new HostWatcher(host, parent, interval, onHostGone);
            watcher.start();
            return watcher;
        });
    }

    /** The host process being watched. */
    public ProcessHandle host() {
        return host;
    }

    /** Starts the polling thread. */
    public void start() {
        thread.start();
    }

    /** Whether the host is still this process's live parent. */
    public boolean hostAlive() {
        Optional<ProcessHandle> parent = currentParent.get();
        return parent.isPresent() && parent.get().pid() == host.pid() && host.isAlive();
    }

    /** Stops watching; {@code onHostGone} will not run afterwards unless it already started. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void watch() {
        try {
            while (!closed) {
                Thread.sleep(intervalMillis);
                if (!hostAlive() && !closed) {
                    onHostGone.run();
                    return;
                }
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        }
    }
}
