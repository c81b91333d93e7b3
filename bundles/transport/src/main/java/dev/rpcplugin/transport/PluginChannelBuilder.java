package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.AsciiDomainSocketAddress;
import dev.rpcplugin.transport.internal.HostPort;
import dev.rpcplugin.transport.internal.OpenResources.ForcedClose;
import dev.rpcplugin.transport.internal.ReceiveBuffers;
import dev.rpcplugin.transport.internal.TrackedChannel;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Builds the host side's {@link ManagedChannel} to a plugin (or to a broker address), explicitly with
 * Netty on the shared epoll event loops: {@code EpollDomainSocketChannel} for Unix sockets,
 * {@code EpollSocketChannel} for TCP. Plaintext unless a client {@link SslContext} is given; the
 * authority is {@code localhost}, the name in go-plugin's AutoMTLS certificates. User agent
 * {@code rpcplugin}, inbound message limit 2^31-1 by default.
 * No retries (go-plugin hosts make none) and a fixed HTTP/2 flow-control window of
 * {@link #FLOW_CONTROL_WINDOW} bytes: on a local socket the window never limits, and without grpc-java's
 * automatic window tuning no BDP pings go back and forth with every response, which both peers
 * would pay for on every call. Socket reads may grow to 256 KiB where Netty's default stops at 64 KiB,
 * for streams of large messages.
 *
 * <p>Like a grpc-go dial, building does not connect: connection failures surface at the first call.
 * Not thread-safe; use one builder from one thread.
 */
public final class PluginChannelBuilder {

    /** Default inbound message limit: 2^31-1, as Go hosts use. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = Integer.MAX_VALUE;
    /** Default authority; go-plugin's AutoMTLS server certificates are issued for this name. */
    public static final String DEFAULT_AUTHORITY = "localhost";
    /** User agent sent with every call. */
    public static final String USER_AGENT = "rpcplugin";
    /** HTTP/2 flow-control window of every plugin channel, in bytes (fixed: no automatic tuning). */
    public static final int FLOW_CONTROL_WINDOW = 1 << 20;

    private final TransportResources resources;
    private final PluginAddress address;
    private final List<ClientInterceptor> interceptors = new ArrayList<>();
    private SslContext sslContext;
    private String authority = DEFAULT_AUTHORITY;
    private Executor executor;
    private boolean directExecutor;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;

    private PluginChannelBuilder(TransportResources resources, PluginAddress address) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.address = Objects.requireNonNull(address, "address");
    }

    /**
     * @param resources the shared event loops
     * @param address where the plugin listens
     * @return a new builder
     */
    public static PluginChannelBuilder forAddress(TransportResources resources, PluginAddress address) {
        return new PluginChannelBuilder(resources, address);
    }

    /**
     * @param resources the shared event loops
     * @param network {@code unix} or {@code tcp}, as in the handshake line
     * @param address socket path or {@code host:port} / {@code [ipv6]:port}
     * @return a new builder
     * @throws InvalidAddressException {@code unknown address type: X}, or a malformed address
     */
    public static PluginChannelBuilder forAddress(TransportResources resources, String network, String address) {
        return forAddress(resources, PluginAddress.of(network, address));
    }

    /**
     * @param clientContext a client-side gRPC (ALPN h2) TLS context, or {@code null} for plaintext
     * @return this
     * @throws IllegalArgumentException when the context is a server context
     */
    public PluginChannelBuilder sslContext(SslContext clientContext) {
        if (clientContext != null && !clientContext.isClient()) {
            throw new IllegalArgumentException("a plugin channel needs a client SslContext, got a server one");
        }
        this.sslContext = clientContext;
        return this;
    }

    /**
     * Sets the HTTP/2 {@code :authority} of every call; with TLS the engine also gets it as the peer's
     * host name. Whether the server certificate is checked against it is up to the
     * {@link SslContext}'s trust manager: the pinned contexts of the security bundle's
     * {@code TlsContexts} ignore it, accepting only the exact pinned certificate, which must name
     * DNS {@code localhost} whatever the authority.
     *
     * @param name the authority; default {@link #DEFAULT_AUTHORITY}
     * @return this
     */
    public PluginChannelBuilder overrideAuthority(String name) {
        this.authority = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Runs callbacks (listeners of async and future stubs) on the I/O threads: right for async stubs
     * whose callbacks do not block. Blocking stubs do not need an executor at all.
     *
     * @return this
     */
    public PluginChannelBuilder directExecutor() {
        this.directExecutor = true;
        this.executor = null;
        return this;
    }

    /**
     * Runs callbacks on the given executor, which the caller owns. Without this or
     * {@link #directExecutor()}, grpc-java's shared cached thread pool is used.
     *
     * @param callbackExecutor the executor
     * @return this
     */
    public PluginChannelBuilder executor(Executor callbackExecutor) {
        this.executor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        this.directExecutor = false;
        return this;
    }

    /**
     * @param bytes largest message accepted, default {@link #DEFAULT_MAX_INBOUND_MESSAGE_SIZE}
     * @return this
     * @throws IllegalArgumentException when not positive
     */
    public PluginChannelBuilder maxInboundMessageSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxInboundMessageSize must be positive, was " + bytes);
        }
        this.maxInboundMessageSize = bytes;
        return this;
    }

    /**
     * Adds interceptors, as {@code ManagedChannelBuilder.intercept}.
     *
     * @param interceptor the interceptor
     * @return this
     */
    public PluginChannelBuilder intercept(ClientInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /**
     * @return a new, not yet connected channel; shut it down when done (closing the
     *         {@link TransportResources} shuts it down forcibly)
     * @throws InvalidAddressException when a TCP host name cannot be resolved
     * @throws IllegalStateException when the resources are closed
     */
    public ManagedChannel build() {
        resources.checkOpen("a channel to " + address);
        NettyChannelBuilder builder = address.network() == Network.UNIX
                ? channelBuilder(new AsciiDomainSocketAddress(address.address()), EpollDomainSocketChannel.class)
                : channelBuilder(resolve(HostPort.parse(address.address())), EpollSocketChannel.class);
        builder.eventLoopGroup(resources.group())
                .overrideAuthority(authority)
                .userAgent(USER_AGENT)
                .maxInboundMessageSize(maxInboundMessageSize)
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .disableRetry()
                .intercept(interceptors);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        } else {
            builder.usePlaintext();
        }
        if (directExecutor) {
            builder.directExecutor();
        } else if (executor != null) {
            builder.executor(executor);
        }
        TrackedChannel channel = new TrackedChannel(builder.build(), resources.open()::unregister);
        if (!resources.open().register(channel, ForcedClose.stopOnly(channel.delegate()::shutdownNow))) {
            channel.shutdownNow();
            throw new IllegalStateException("the TransportResources were closed while building a channel to " + address);
        }
        return channel;
    }

    private static NettyChannelBuilder channelBuilder(SocketAddress socketAddress, Class<? extends Channel> type) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(socketAddress)
                .channelType(type)
                .withOption(ChannelOption.RECVBUF_ALLOCATOR, ReceiveBuffers.allocator());
        if (type == EpollDomainSocketChannel.class) {
            // grpc-java asks for TCP keep-alive on every connection; Netty warns per connection on a Unix socket
            builder.withOption(ChannelOption.SO_KEEPALIVE, null);
        }
        return builder;
    }

    private static InetSocketAddress resolve(HostPort hostPort) {
        try {
            return new InetSocketAddress(InetAddress.getByName(hostPort.host()), hostPort.port());
        } catch (UnknownHostException e) {
            throw new InvalidAddressException("cannot resolve host of tcp address " + hostPort.format() + ": " + e.getMessage(), e);
        }
    }
}
