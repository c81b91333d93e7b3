package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.Durations;
import dev.rpcplugin.transport.internal.OpenResources.ForcedClose;
import io.grpc.Server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running plugin gRPC server and the socket it listens on, made by {@link PluginServerBuilder}.
 * {@link #network()} and {@link #address()} are fields 3 and 4 of the handshake line (or a broker
 * {@code ConnInfo}).
 *
 * <p>Always {@link #close()} it: that stops the server and deletes the socket file and its private
 * directory. Closing the {@link TransportResources} also closes it, forcibly. Thread-safe.
 */
public final class PluginListener implements AutoCloseable {

    /** How long {@link #close()} lets running calls finish before cancelling them. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /** How long to wait for the transports to close after calls were cancelled. */
    static final Duration ABORT_WAIT = Duration.ofSeconds(2);

    private final TransportResources resources;
    private final Server server;
    private final PluginAddress address;
    private final Runnable deleteFiles;
    private final boolean tls;
    private final AtomicBoolean filesDeleted = new AtomicBoolean();

    private PluginListener(TransportResources resources, Server server, PluginAddress address,
            Runnable deleteFiles, boolean tls) {
        this.resources = resources;
        this.server = server;
        this.address = address;
        this.deleteFiles = deleteFiles;
        this.tls = tls;
    }

    /** Wraps a started server and registers it, so closing the resources closes it too. */
    static PluginListener register(TransportResources resources, Server server, PluginAddress address,
            Runnable deleteFiles, boolean tls) {
        PluginListener listener = new PluginListener(resources, server, address, deleteFiles, tls);
        if (!resources.open().register(listener, new ForcedClose(server::shutdownNow, listener::awaitAborted))) {
            abort(server);
            listener.deleteFilesOnce();
            throw new IllegalStateException("the TransportResources were closed while " + address + " was starting");
        }
        return listener;
    }

    /** Stops a server that must not keep running, waiting (bounded) until its sockets are closed. */
    static void abort(Server server) {
        server.shutdownNow();
        try {
            server.awaitTermination(ABORT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return {@link Network#UNIX} or {@link Network#TCP} */
    public Network network() {
        return address.network();
    }

    /** @return the absolute socket path or {@code 127.0.0.1:PORT}, as printed in the handshake line */
    public String address() {
        return address.address();
    }

    /** @return network and address together */
    public PluginAddress pluginAddress() {
        return address;
    }

    /** @return whether the server was started with TLS */
    public boolean isTls() {
        return tls;
    }

    /**
     * The running gRPC server, e.g. for {@link Server#getServices()}. Stop it through this listener,
     * not directly, so that its socket files are deleted.
     *
     * @return the server
     */
    public Server server() {
        return server;
    }

    /** @return whether the server has stopped completely */
    public boolean isTerminated() {
        return server.isTerminated();
    }

    /**
     * Blocks until the server has stopped (for instance after a {@code GRPCController.Shutdown} call
     * stopped it). Call {@link #close()} afterwards to delete the socket files.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Stops accepting, lets running calls finish for up to {@code grace}, then cancels the rest and
     * waits up to 2 s more; deletes the socket file and directory in any case. Idempotent.
     *
     * <p>A call made from inside a gRPC handler counts that call as running, so it waits the whole
     * grace period.
     *
     * @param grace time running calls get to finish; {@link Duration#ZERO} cancels them at once, and
     *              one too long to count in nanoseconds waits without limit
     * @return whether the server stopped completely
     * @throws IllegalStateException when called on an I/O thread (e.g. from a handler on
     *         {@code directExecutor()}), where waiting would block the server it waits for; use
     *         {@link #shutdownNow()} there
     */
    public boolean shutdown(Duration grace) {
        if (resources.isIoThread()) {
            throw new IllegalStateException("PluginListener.shutdown() called on I/O thread "
                    + Thread.currentThread().getName() + " (a handler on directExecutor?); call it from another thread");
        }
        try {
            server.shutdown();
            if (!server.awaitTermination(Durations.nanosAtLeastZero(grace), TimeUnit.NANOSECONDS)) {
                abort(server);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            deleteFilesOnce();
        }
        return server.isTerminated();
    }

    /**
     * Stops the server at once without waiting: cancels running calls, closes connections and deletes
     * the socket file and directory. Never blocks, so it may be called on any thread, including I/O
     * threads and gRPC handlers. Use {@link #awaitTermination()} or {@link #isTerminated()} to see
     * when the server has stopped. Idempotent.
     */
    public void shutdownNow() {
        try {
            server.shutdownNow();
        } finally {
            deleteFilesOnce();
        }
    }

    /** Same as {@link #shutdown(Duration)} with {@link #DEFAULT_SHUTDOWN_GRACE}. */
    @Override
    public void close() {
        shutdown(DEFAULT_SHUTDOWN_GRACE);
    }

    @Override
    public String toString() {
        return "PluginListener[" + address + (tls ? ", tls" : "") + (server.isShutdown() ? ", shut down]" : "]");
    }

    /**
     * Second step of the forced close when the resources close, after {@code shutdownNow()}: waits for
     * the sockets to close while the event loops still work, then deletes the files.
     */
    private void awaitAborted(long deadlineNanos) {
        try {
            server.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteFilesOnce();
        }
    }

    private void deleteFilesOnce() {
        if (filesDeleted.compareAndSet(false, true)) {
            resources.open().unregister(this);
            deleteFiles.run();
        }
    }
}
