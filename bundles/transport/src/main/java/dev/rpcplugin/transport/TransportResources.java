package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.Durations;
import dev.rpcplugin.transport.internal.IoThreadFactory;
import dev.rpcplugin.transport.internal.OpenResources;
import dev.rpcplugin.transport.internal.TransportPreload;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event loop group shared by every listener and channel of a process: one Netty epoll group
 * with a few daemon threads named {@code rpcplugin-io-N}, serving as both acceptor ("boss") and I/O
 * ("worker") group.
 *
 * <p>Create one with {@link #create()}, hand it to every {@link PluginServerBuilder} and
 * {@link PluginChannelBuilder}, and {@link #close()} it once when the process (or OSGi component)
 * is done with plugins. Whoever creates it owns it; it is not reference counted. Closing it
 * force-closes the listeners and channels still open on it, then stops the threads and waits (bounded)
 * until they have ended. Thread-safe.
 */
public final class TransportResources implements AutoCloseable {

    /** Longest wait of {@link #close()}. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Prefix of the event loop threads' names. */
    public static final String THREAD_NAME_PREFIX = "rpcplugin-io-";

    private final int ioThreads;
    private final IoThreadFactory threadFactory;
    private final EventLoopGroup group;
    private final OpenResources open = new OpenResources();

    private TransportResources(int ioThreads) {
        this.ioThreads = ioThreads;
        this.threadFactory = new IoThreadFactory(THREAD_NAME_PREFIX);
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, threadFactory, EpollIoHandler.newFactory());
    }

    /**
     * @return resources with {@code min(2, available processors)} I/O threads, plenty for the
     *         local, low-fan-out traffic of plugins
     * @throws NativeTransportUnavailableException when epoll cannot be loaded
     */
    public static TransportResources create() {
        return create(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param ioThreads number of event loop threads, at least 1
     * @return new resources
     * @throws IllegalArgumentException when {@code ioThreads < 1}
     * @throws NativeTransportUnavailableException when epoll cannot be loaded
     */
    public static TransportResources create(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
        }
        if (!Epoll.isAvailable()) {
            throw new NativeTransportUnavailableException(Epoll.unavailabilityCause());
        }
        return new TransportResources(ioThreads);
    }

    /**
     * Starts loading the native epoll library and initialising the event loop and channel classes on
     * a daemon thread, once per JVM, and returns at once: in a fresh JVM this is most of the first
     * {@link #create()}'s time (tens of milliseconds), and done ahead it runs beside the caller's own
     * start-up. Nothing is left open; the thread ends when done, and a failure is reported by
     * {@link #create()} as before. Later calls do nothing.
     */
    public static void preloadInBackground() {
        TransportPreload.startOnce();
    }

    /** @return the number of event loop threads */
    public int ioThreads() {
        return ioThreads;
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return open.isClosed();
    }

    /**
     * Same as {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. Idempotent.
     */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Force-closes the listeners (deleting their socket files) and channels still open here, shuts the
     * event loops down and waits until their threads have ended. Idempotent; later calls wait again.
     * Close listeners and channels yourself first if they should stop gracefully.
     *
     * <p>Returns within {@code timeout}, or within 2 s if that is shorter and listeners were still
     * open: those are stopped together and get up to 2 s in all for their connections to close.
     *
     * @param timeout longest time to wait for the threads; one too long to count in nanoseconds waits
     *                without limit
     * @return whether every thread ended within the timeout (false also when interrupted; the
     *         interrupt flag is then set again)
     * @throws IllegalStateException when called on one of this group's own threads, where waiting
     *         could never end
     */
    public boolean close(Duration timeout) {
        if (isIoThread()) {
            throw new IllegalStateException("TransportResources.close() called on its own I/O thread "
                    + Thread.currentThread().getName() + "; close it from another thread");
        }
        long timeoutNanos = Durations.nanosAtLeastZero(timeout);
        long deadline = System.nanoTime() + timeoutNanos; // compared only by difference, so wrapping is harmless
        try {
            open.closeAll(PluginListener.ABORT_WAIT.toNanos());
        } finally {
            group.shutdownGracefully(0, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        try {
            long left = deadline - System.nanoTime();
            return group.terminationFuture().await(Math.max(0, left), TimeUnit.NANOSECONDS)
                    && threadFactory.joinAll(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "TransportResources[ioThreads=" + ioThreads + (isClosed() ? ", closed]" : "]");
    }

    /** The group listeners and channels run on. */
    EventLoopGroup group() {
        return group;
    }

    /** Registry of what is open on {@link #group()}. */
    OpenResources open() {
        return open;
    }

    /**
     * Whether the calling thread is one of these event loops: code there (a gRPC callback on a direct
     * executor) must not wait for anything that needs them.
     */
    public boolean isIoThread() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalStateException when closed, naming what could not be created */
    void checkOpen(String what) {
        if (isClosed()) {
            throw new IllegalStateException("cannot create " + what + ": the TransportResources are closed");
        }
    }
}
