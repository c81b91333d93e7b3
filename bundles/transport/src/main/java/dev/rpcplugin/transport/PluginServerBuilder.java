package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.PrivateSocketDirectory;
import dev.rpcplugin.transport.internal.ReceiveBuffers;
import dev.rpcplugin.transport.internal.TcpPortBinder;
import io.grpc.BindableService;
import io.grpc.HandlerRegistry;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Opens a plugin's listener and starts its gRPC server (the plugin side of go-plugin, and the
 * accepting side of a broker connection). Configure, then call {@link #start()} once.
 *
 * <ul>
 *   <li>{@link Network#UNIX}: socket {@code plugin<10 digits>} in a new private directory
 *       {@code rpcplugin<10 digits>} under {@link ListenerOptions#socketDirectoryParent()}.
 *       Directory 0700 and socket 0600, or 0750/0660 owned by {@link ListenerOptions#socketGroup()}.</li>
 *   <li>{@link Network#TCP}: 127.0.0.1, the first port of {@link ListenerOptions#minPort()}..
 *       {@link ListenerOptions#maxPort()} that can be bound (0/0: chosen by the operating system).</li>
 * </ul>
 *
 * <p>Not thread-safe; use one builder from one thread.
 */
public final class PluginServerBuilder {

    /** Default inbound message limit: 2^31-1, the limit Go hosts use for sending. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = Integer.MAX_VALUE;

    private final TransportResources resources;
    private final Network network;
    private final ListenerOptions options;
    private final List<ServerServiceDefinition> services = new ArrayList<>();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private HandlerRegistry fallbackRegistry;
    private SslContext sslContext;
    private Executor executor;
    private boolean directExecutor;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private boolean started;

    private PluginServerBuilder(TransportResources resources, Network network, ListenerOptions options) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.network = Objects.requireNonNull(network, "network");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param resources the shared event loops
     * @param network where to listen
     * @param options socket directory, group and port range
     * @return a new builder
     */
    public static PluginServerBuilder forNetwork(TransportResources resources, Network network,
            ListenerOptions options) {
        return new PluginServerBuilder(resources, network, options);
    }

    /**
     * @param service a service to serve; bound now, so its definition is fixed from here on
     * @return this
     */
    public PluginServerBuilder addService(BindableService service) {
        return addService(Objects.requireNonNull(service, "service").bindService());
    }

    /**
     * @param service a service definition to serve
     * @return this
     */
    public PluginServerBuilder addService(ServerServiceDefinition service) {
        services.add(Objects.requireNonNull(service, "service"));
        return this;
    }

    /**
     * Adds an interceptor for every call, as {@code ServerBuilder.intercept}: the last one added runs
     * first.
     *
     * @param interceptor the interceptor
     * @return this
     */
    public PluginServerBuilder intercept(ServerInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /**
     * Serves methods not found among the added services from a registry that may change while the
     * server runs (e.g. a {@code MutableHandlerRegistry} fed by OSGi services).
     *
     * @param registry the registry, or {@code null} for none
     * @return this
     */
    public PluginServerBuilder fallbackHandlerRegistry(HandlerRegistry registry) {
        this.fallbackRegistry = registry;
        return this;
    }

    /**
     * @param serverContext a server-side gRPC (ALPN h2) TLS context, or {@code null} for plaintext
     * @return this
     * @throws IllegalArgumentException when the context is a client context
     */
    public PluginServerBuilder sslContext(SslContext serverContext) {
        if (serverContext != null && serverContext.isClient()) {
            throw new IllegalArgumentException("a plugin server needs a server SslContext, got a client one");
        }
        this.sslContext = serverContext;
        return this;
    }

    /**
     * Runs handlers on the I/O threads: fastest, right when no handler blocks.
     *
     * @return this
     */
    public PluginServerBuilder directExecutor() {
        this.directExecutor = true;
        this.executor = null;
        return this;
    }

    /**
     * Runs handlers on the given executor, which the caller owns and shuts down. Without this or
     * {@link #directExecutor()}, grpc-java's shared cached thread pool is used.
     *
     * @param handlerExecutor the executor
     * @return this
     */
    public PluginServerBuilder executor(Executor handlerExecutor) {
        this.executor = Objects.requireNonNull(handlerExecutor, "handlerExecutor");
        this.directExecutor = false;
        return this;
    }

    /**
     * @param bytes largest message accepted, default {@link #DEFAULT_MAX_INBOUND_MESSAGE_SIZE}
     * @return this
     * @throws IllegalArgumentException when not positive
     */
    public PluginServerBuilder maxInboundMessageSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxInboundMessageSize must be positive, was " + bytes);
        }
        this.maxInboundMessageSize = bytes;
        return this;
    }

    /**
     * Binds the listener and starts the server. On failure nothing stays behind: no server, socket
     * file or directory.
     *
     * @return the running listener; close it to stop the server and delete its files
     * @throws SocketPathTooLongException when the Unix socket path would not fit (nothing created)
     * @throws PortRangeExhaustedException when no TCP port of the range is free
     * @throws TransportException for any other failure to set up or bind the listener
     * @throws IllegalStateException when called twice or the resources are closed
     */
    public PluginListener start() throws TransportException {
        if (started) {
            throw new IllegalStateException("this PluginServerBuilder has already been started");
        }
        resources.checkOpen("a plugin listener");
        started = true;
        return network == Network.UNIX
                ? startUnix(PrivateSocketDirectory.create(options.socketDirectoryParent(), options.socketGroup()))
                : startTcp();
    }

    /** Binds in an already created directory; package-private so tests can make binding fail. */
    PluginListener startUnix(PrivateSocketDirectory directory) throws TransportException {
        Path socket = directory.socketPath();
        Server server = newServer(new DomainSocketAddress(socket.toString()), EpollServerDomainSocketChannel.class);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            PluginListener.abort(server);
            directory.delete();
            throw new TransportException("couldn't bind plugin unix listener at " + socket + ": " + e.getMessage(), e);
        }
        try {
            directory.restrictSocket();
        } catch (TransportException e) {
            PluginListener.abort(server);
            directory.delete();
            throw e;
        }
        return PluginListener.register(resources, server, PluginAddress.unix(socket), directory::delete,
                sslContext != null);
    }

    private PluginListener startTcp() throws TransportException {
        Server server = TcpPortBinder.startOnFirstFreePort(
                address -> newServer(address, EpollServerSocketChannel.class), options.minPort(), options.maxPort());
        PluginAddress address = PluginAddress.tcp(TcpPortBinder.LOOPBACK.getHostAddress(), server.getPort());
        return PluginListener.register(resources, server, address, () -> { }, sslContext != null);
    }

    private Server newServer(SocketAddress address, Class<? extends ServerChannel> channelType) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(channelType)
                .bossEventLoopGroup(resources.group())
                .workerEventLoopGroup(resources.group())
                .maxInboundMessageSize(maxInboundMessageSize)
                // fixed window, as on the host side: no BDP pings with every request
                .flowControlWindow(PluginChannelBuilder.FLOW_CONTROL_WINDOW)
                .withChildOption(ChannelOption.RECVBUF_ALLOCATOR, ReceiveBuffers.allocator());
        if (channelType == EpollServerDomainSocketChannel.class) {
            // grpc-java asks for TCP keep-alive on every connection; Netty warns per connection on a Unix socket
            builder.withChildOption(ChannelOption.SO_KEEPALIVE, null);
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        if (directExecutor) {
            builder.directExecutor();
        } else if (executor != null) {
            builder.executor(executor);
        }
        if (fallbackRegistry != null) {
            builder.fallbackHandlerRegistry(fallbackRegistry);
        }
        services.forEach(builder::addService);
        interceptors.forEach(builder::intercept);
        return builder.build();
    }
}
