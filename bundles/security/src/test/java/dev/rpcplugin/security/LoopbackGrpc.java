package dev.rpcplugin.security;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;

/**
 * A gRPC server with the health service on 127.0.0.1 (port 0) and channels to it, all on one NIO
 * event loop group, as go-plugin's host and plugin would use them. {@link #close()} stops everything.
 */
final class LoopbackGrpc implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final AtomicReference<String> negotiatedProtocol = new AtomicReference<>();
    private Server server;
    private ManagedChannel channel;

    /** Starts the server with {@code serverContext}; service "plugin" reports SERVING. */
    void startServer(SslContext serverContext) throws IOException {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("plugin", ServingStatus.SERVING);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .sslContext(serverContext)
                .directExecutor()
                .addService(ServerInterceptors.intercept(health.getHealthService(), new RecordProtocol()))
                .build()
                .start();
    }

    /** Dials the server with {@code clientContext} and authority localhost, and asks for "plugin"'s health. */
    ServingStatus checkHealth(SslContext clientContext) {
        channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", server.getPort()))
                .channelType(NioSocketChannel.class)
                .eventLoopGroup(group)
                .sslContext(clientContext)
                .overrideAuthority(AutoMtlsCertificates.HOST_NAME)
                .directExecutor()
                .build();
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus();
    }

    /** The TLS protocol of the last call the server handled, e.g. {@code TLSv1.3}. */
    String negotiatedProtocol() {
        return negotiatedProtocol.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private final class RecordProtocol implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            negotiatedProtocol.set(session == null ? "plaintext" : session.getProtocol());
            return next.startCall(call, headers);
        }
    }
}
