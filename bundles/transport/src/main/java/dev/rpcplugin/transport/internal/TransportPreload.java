package dev.rpcplugin.transport.internal;

import io.grpc.netty.shaded.io.netty.channel.ChannelDuplexHandler;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.embedded.EmbeddedChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads the epoll library and initialises the event loop and channel classes on a daemon thread,
 * once per JVM. Class initialisation is the JVM's own one-time work: whoever needs a class the
 * thread is still initialising waits for it, so nothing here has to be handed over or closed.
 */
public final class TransportPreload {

    /** Name of the preloading thread. */
    public static final String THREAD_NAME = "rpcplugin-transport-preload";

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private TransportPreload() {
    }

    /**
     * Starts the thread unless it was started before in this JVM.
     *
     * @return the thread started now, or null
     */
    public static Thread startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return null;
        }
        Thread thread = new Thread(TransportPreload::load, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void load() {
        try {
            if (!Epoll.isAvailable()) {
                return; // TransportResources.create() reports why
            }
            EpollIoHandler.newFactory();
            Class.forName(MultiThreadIoEventLoopGroup.class.getName(), true, TransportPreload.class.getClassLoader());
            // A channel without I/O or threads runs the pipeline set-up every first channel needs:
            // channel ids, handler masks (annotation proxies the JVM generates), buffers.
            EmbeddedChannel channel = new EmbeddedChannel(new ChannelDuplexHandler());
            channel.close();
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            // TransportResources.create() meets the same failure and reports it
        }
    }
}
