package dev.rpcplugin.protocol;

import dev.rpcplugin.protocol.internal.BrokeredConnections;
import dev.rpcplugin.protocol.internal.ConnInfoInbox;
import dev.rpcplugin.protocol.internal.ConnInfoSender;
import dev.rpcplugin.protocol.internal.HostBrokerStream;
import dev.rpcplugin.protocol.internal.PluginBrokerService;
import dev.rpcplugin.protocol.wire.ConnInfo;
import dev.rpcplugin.transport.InvalidAddressException;
import dev.rpcplugin.transport.PluginAddress;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportException;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of go-plugin's connection broker ({@code plugin.GRPCBroker}, non-multiplexed mode):
 * extra gRPC connections between host and plugin, named by a {@code uint32} broker id.
 *
 * <p>The side that serves something calls {@link #nextId()}, then {@link #acceptAndServe} (a new
 * listener whose address is announced to the peer over the broker stream), and passes the id to the
 * peer in an ordinary application call; the peer calls {@link #dial} with that id. Either side may
 * accept and either may dial. There is one broker per side per plugin connection: the host's
 * ({@link #forHost}) opens the {@code StartStream} call on the plugin's channel, the plugin's
 * ({@link #forPlugin}) serves it through {@link #service()}.
 *
 * <p>Ids are Java {@code int}s read as unsigned 32-bit values; each side counts its own from 1.
 * {@link #close()} ends the stream and closes every accepted listener (socket files removed) and
 * every dialled channel. Thread-safe.
 *
 * <p>{@link #dial} waits for the peer's announcement and {@link #accept} for the event loop that opens
 * the listener: do not call them on a gRPC I/O thread (a handler of a server with a direct executor),
 * whose work they would then wait for.
 */
public final class Broker implements AutoCloseable {

    // slf4j 1.7 is made of Java 5 class files, which CDS cannot archive: starting it costs a plugin
    // milliseconds of its start, so it starts with the first line logged
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    }

    private final BrokerOptions options;
    private final String peer;
    private final AtomicInteger lastId = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConnInfoInbox inbox;
    private final ConnInfoSender sender;
    private final BrokeredConnections connections = new BrokeredConnections();
    private final PluginBrokerService service;
    private final HostBrokerStream hostStream;

    private Broker(BrokerOptions options, String peer, Channel pluginChannel) {
        this.options = Objects.requireNonNull(options, "options");
        this.peer = peer;
        this.inbox = new ConnInfoInbox(options.infoRetention(), System::nanoTime);
        this.sender = new ConnInfoSender(peer);
        if (pluginChannel == null) {
            this.service = new PluginBrokerService(inbox, sender);
            this.hostStream = null;
        } else {
            this.service = null;
            this.hostStream = HostBrokerStream.open(pluginChannel, inbox, sender);
        }
    }

    /**
     * The host's broker: opens {@code StartStream} on the plugin's main channel now.
     *
     * @param pluginChannel the plugin's main channel; not closed by the broker
     * @param options how to listen and dial
     * @return the broker
     */
    public static Broker forHost(Channel pluginChannel, BrokerOptions options) {
        return new Broker(options, "plugin", Objects.requireNonNull(pluginChannel, "pluginChannel"));
    }

    /**
     * The plugin's broker: register {@link #service()} on the plugin's main server. Infos accepted
     * before the host opens the stream are sent once it does.
     *
     * @param options how to listen and dial
     * @return the broker
     */
    public static Broker forPlugin(BrokerOptions options) {
        return new Broker(options, "host", null);
    }

    /**
     * The {@code plugin.GRPCBroker} service to serve on the plugin's main server.
     *
     * @return the service
     * @throws IllegalStateException on the host's broker, which calls the service instead
     */
    public BindableService service() {
        if (service == null) {
            throw new IllegalStateException("the host's broker has no service to serve; only the plugin's has");
        }
        return service;
    }

    /** The next unused broker id of this side: 1, 2, 3, ... */
    public int nextId() {
        return lastId.incrementAndGet();
    }

    /** Whether the broker stream to the peer is open right now. */
    public boolean isStreamOpen() {
        return sender.isOpen();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Opens a listener for a broker id and announces its address to the peer. The listener is
     * configured by the caller (services, interceptors, executor) and gets this side's TLS server
     * context, if any. It runs until the broker closes, or until the caller closes it.
     *
     * @param id the broker id to accept on, usually from {@link #nextId()}
     * @param configure adds services and other settings to the server before it starts
     * @return the running listener
     * @throws BrokerException if the broker is closed, the stream to the peer has ended, or the
     *     listener cannot be opened; nothing is left running then
     */
    public PluginListener accept(int id, Consumer<PluginServerBuilder> configure) throws BrokerException {
        Objects.requireNonNull(configure, "configure");
        checkOpen("accept", id);
        PluginServerBuilder builder = PluginServerBuilder.forNetwork(options.resources(), options.network(),
                options.listenerOptions());
        options.tls().ifPresent(tls -> builder.sslContext(tls.serverContext()));
        configure.accept(builder);
        PluginListener listener;
        try {
            listener = builder.start();
        } catch (TransportException | RuntimeException e) {
            throw new BrokerException("cannot open listener for broker id " + unsigned(id) + ": " + e.getMessage(), e);
        }
        if (!connections.add(listener)) {
            BrokeredConnections.stop(listener);
            throw closedError("accept", id);
        }
        try {
            sender.send(ConnInfo.newBuilder()
                    .setServiceId(id)
                    .setNetwork(listener.network().wireName())
                    .setAddress(listener.address())
                    .build());
        } catch (BrokerException e) {
            BrokeredConnections.stop(listener);
            throw e;
        }
        Log.LOG.debug("broker id {} accepting at {} for the {}", unsigned(id), listener.pluginAddress(), peer);
        return listener;
    }

    /**
     * {@link #accept} serving the given services.
     *
     * @param id the broker id to accept on
     * @param services what to serve on it
     * @return the running listener
     * @throws BrokerException as {@link #accept}
     */
    public PluginListener acceptAndServe(int id, BindableService... services) throws BrokerException {
        Objects.requireNonNull(services, "services");
        return accept(id, builder -> {
            for (BindableService s : services) {
                builder.addService(LargeMessageParsing.requests(s.bindService()));
            }
        });
    }

    /**
     * Waits (up to {@link BrokerOptions#dialTimeout()}) for the peer to announce the broker id, then
     * builds a channel to that address with this side's TLS client context, if any (authority
     * {@code localhost}). Like a grpc-go dial, this does not connect yet. The broker shuts the channel
     * down when it closes; the caller may do so earlier.
     *
     * @param id the broker id the peer accepted on
     * @return a channel to the peer's listener
     * @throws BrokerException {@code timeout waiting for connection info for broker id N}, a closed
     *     broker, or an address the peer sent that cannot be used
     * @throws InterruptedException if interrupted while waiting
     */
    public ManagedChannel dial(int id) throws BrokerException, InterruptedException {
        return dial(id, options.dialTimeout());
    }

    /**
     * {@link #dial(int)} with its own wait instead of {@link BrokerOptions#dialTimeout()}.
     *
     * @param id the broker id the peer accepted on
     * @param wait how long to wait for the peer's connection info; positive
     * @return a channel to the peer's listener
     * @throws BrokerException as {@link #dial(int)}
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if {@code wait} is not positive
     */
    public ManagedChannel dial(int id, Duration wait) throws BrokerException, InterruptedException {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("dial wait must be positive, was " + wait);
        }
        checkOpen("dial", id);
        ConnInfo info = inbox.take(id, wait);
        PluginChannelBuilder builder;
        try {
            builder = PluginChannelBuilder.forAddress(options.resources(),
                    PluginAddress.of(info.getNetwork(), info.getAddress()));
        } catch (InvalidAddressException e) {
            throw new BrokerException("the " + peer + " sent an unusable address for broker id " + unsigned(id)
                    + ": " + e.getMessage(), e);
        }
        options.tls().ifPresent(tls -> builder.sslContext(tls.clientContext()));
        options.callbackExecutor().ifPresent(builder::executor);
        builder.intercept(LargeMessageParsing.responses());
        ManagedChannel channel;
        try {
            channel = builder.build();
        } catch (RuntimeException e) {
            throw new BrokerException("cannot build channel for broker id " + unsigned(id) + ": " + e.getMessage(), e);
        }
        if (!connections.add(channel)) {
            channel.shutdownNow();
            throw closedError("dial", id);
        }
        Log.LOG.debug("broker id {} dialled at {} {}", unsigned(id), info.getNetwork(), info.getAddress());
        return channel;
    }

    /**
     * Ends the broker stream, stops every accepted listener (cancelling calls in flight, deleting
     * socket files), shuts every dialled channel down and fails waiting dials. Idempotent. Do not call
     * it on a transport I/O thread.
     */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * As {@link #close()}, but calls in flight on accepted listeners get up to {@code grace} in all to
     * finish before they are cancelled, as a plugin's own server gets its shutdown grace. Do not call
     * it on a transport I/O thread (there the calls are cancelled at once).
     *
     * @param grace zero or more; one too long to count in nanoseconds waits without limit
     */
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        inbox.close();
        sender.close();
        if (hostStream != null) {
            hostStream.cancel();
        }
        connections.closeAll(grace);
        Log.LOG.debug("broker to the {} closed", peer);
    }

    private void checkOpen(String what, int id) throws BrokerException {
        if (closed.get()) {
            throw closedError(what, id);
        }
    }

    private static BrokerException closedError(String what, int id) {
        return new BrokerException("broker is closed; cannot " + what + " broker id " + unsigned(id));
    }

    private static String unsigned(int id) {
        return Integer.toUnsignedString(id);
    }
}
