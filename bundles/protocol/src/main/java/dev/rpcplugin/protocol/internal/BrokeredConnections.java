package dev.rpcplugin.protocol.internal;

import dev.rpcplugin.transport.PluginListener;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners a broker accepted and the channels it dialled, closed together. Thread-safe. */
public final class BrokeredConnections {

    // slf4j 1.7 is made of Java 5 class files, which CDS cannot archive: starting it costs a plugin
    // milliseconds of its start, so it starts with the first line logged
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(BrokeredConnections.class);
    }
    private static final Duration CHANNEL_CLOSE_WAIT = Duration.ofSeconds(2);

    // guarded by this
    private final List<PluginListener> listeners = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private boolean closed;

    /** Keeps a listener; false (and nothing kept) once closed. */
    public synchronized boolean add(PluginListener listener) {
        if (closed) {
            return false;
        }
        listeners.removeIf(PluginListener::isTerminated);
        listeners.add(listener);
        return true;
    }

    /** Keeps a channel; false (and nothing kept) once closed. */
    public synchronized boolean add(ManagedChannel channel) {
        if (closed) {
            return false;
        }
        channels.removeIf(ManagedChannel::isTerminated);
        channels.add(channel);
        return true;
    }

    /** Number of listeners and channels still kept (for diagnostics). */
    public synchronized int size() {
        return listeners.size() + channels.size();
    }

    /**
     * Stops a listener and removes its socket files: waiting for its server to end where waiting is
     * allowed, at once on an I/O thread (a handler on {@code directExecutor}), where it refuses to wait.
     */
    public static void stop(PluginListener listener) {
        stop(listener, Duration.ZERO);
    }

    private static void stop(PluginListener listener, Duration grace) {
        try {
            listener.shutdown(grace);
        } catch (IllegalStateException onIoThread) {
            listener.shutdownNow();
        }
    }

    /**
     * Stops every listener at once (calls in flight are cancelled, as go-plugin's broker does),
     * deleting socket files, and shuts every channel down. Idempotent.
     */
    public void closeAll() {
        closeAll(Duration.ZERO);
    }

    /**
     * As {@link #closeAll()}, but the listeners' calls in flight get up to {@code grace} in all to
     * finish: every listener stops accepting first, then each is waited for until the common deadline.
     */
    public void closeAll(Duration grace) {
        List<PluginListener> toStop;
        List<ManagedChannel> toShut;
        synchronized (this) {
            closed = true;
            toStop = new ArrayList<>(listeners);
            toShut = new ArrayList<>(channels);
            listeners.clear();
            channels.clear();
        }
        toShut.forEach(ManagedChannel::shutdownNow);
        long graceNanos = Math.min(Nanos.of(grace), Long.MAX_VALUE / 2); // a deadline that cannot wrap
        if (graceNanos > 0) {
            toStop.forEach(listener -> listener.server().shutdown()); // all stop accepting; calls run on
        }
        long deadline = System.nanoTime() + graceNanos;
        for (PluginListener listener : toStop) {
            try {
                stop(listener, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (RuntimeException e) {
                Log.LOG.warn("closing brokered listener {} failed", listener, e);
            }
        }
        for (ManagedChannel channel : toShut) {
            try {
                if (!channel.awaitTermination(CHANNEL_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    Log.LOG.warn("brokered channel {} did not terminate within {}", channel, CHANNEL_CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
