package dev.rpcplugin.server.internal;

import dev.rpcplugin.transport.TransportResources;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Creates the transport's event loops on a thread of its own as soon as the plugin knows it will
 * serve: loading Netty's native epoll transport is the largest single start-up cost, and it
 * overlaps with the cookie, TLS and service set-up done meanwhile on the serving thread.
 */
public final class EarlyTransport {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final CompletableFuture<TransportResources> resources = new CompletableFuture<>();
    private boolean handedOut;

    private EarlyTransport() {
    }

    /**
     * Starts loading the transport's native library and classes on a daemon thread
     * ({@link TransportResources#preloadInBackground()}), for a process a host started: then it runs
     * while the app binds its services, before {@code serve()}.
     */
    public static void preload() {
        logNettyToJul();
        TransportResources.preloadInBackground();
    }

    /** Starts creating the resources. */
    public static EarlyTransport start() {
        logNettyToJul();
        EarlyTransport early = new EarlyTransport();
        Thread thread = new Thread(() -> {
            try {
                early.resources.complete(TransportResources.create());
            } catch (RuntimeException | LinkageError e) {
                early.resources.completeExceptionally(e);
            }
        }, "rpcplugin-transport-init");
        thread.setDaemon(true);
        thread.start();
        return early;
    }

    // As grpc-java's own logs, so both reach the host through the JUL bridge; Netty's own detection
    // would try SLF4J first, whose 1.7 API without a binding prints three lines on stderr.
    private static void logNettyToJul() {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    /**
     * Waits for the resources; from now on the caller owns (and closes) them.
     *
     * @return the resources
     * @throws StartFailure if they could not be created (for example no epoll on this platform)
     */
    public TransportResources take() throws StartFailure {
        try {
            TransportResources created = resources.get();
            handedOut = true;
            return created;
        } catch (ExecutionException e) {
            throw new StartFailure("cannot set up the network transport: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted while setting up the network transport", e);
        }
    }

    /** Closes the resources if nobody {@link #take() took} them (start-up ended early). */
    public void closeIfNotTaken() {
        if (handedOut) {
            return;
        }
        try {
            resources.get().close(CLOSE_TIMEOUT);
        } catch (ExecutionException failed) {
            // nothing was created
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
