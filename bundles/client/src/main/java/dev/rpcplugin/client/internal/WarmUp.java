package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.security.PeerRejectedException;
import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportException;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One launch's worth of work without a plugin, so that the JVM has loaded and initialised it before
 * the first real launch: a short-lived child process started as plugins are, then a plugin server of
 * the transport module on a private Unix socket, a channel to it built as plugin channels are, and the
 * launch's health check, over TLS with the host's own identity on both ends when AutoMTLS is wanted.
 * Everything it opens is closed again.
 */
public final class WarmUp {

    private static final Path TRUE = Path.of("/bin/true");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private WarmUp() {
    }

    /**
     * @param identity the host's AutoMTLS identity (made now if it was not yet), or null for plaintext
     * @param socketDirectoryParent where the private socket directory goes, or null for the default
     * @param channelExecutor the host's channel executor
     * @throws WarmUpException naming the step that failed
     */
    public static void run(TransportResources transport, ProcessSpawner spawner, TlsIdentity identity,
            Path socketDirectoryParent, Executor channelExecutor) throws InterruptedException {
        startAndReapAChild(spawner);
        ListenerOptions options = ListenerOptions.defaults();
        if (socketDirectoryParent != null) {
            options = options.withSocketDirectoryParent(socketDirectoryParent);
        }
        PluginServerBuilder server = PluginServerBuilder.forNetwork(transport, Network.UNIX, options)
                .addService(new ServingHealth());
        PluginListener listener;
        try {
            if (identity != null) {
                server.sslContext(TlsContexts.server(identity, identity.certificate()));
            }
            listener = server.start();
        } catch (SecurityConfigException | TransportException e) {
            throw new WarmUpException("cannot start the loopback server: " + e.getMessage(), e);
        }
        try {
            SslContext tls = identity == null ? null : TlsContexts.client(identity, identity.certificate());
            ManagedChannel channel = Connector.asPluginChannel(
                    PluginChannelBuilder.forAddress(transport, listener.pluginAddress()), tls, channelExecutor).build();
            try {
                new HealthProbe("warm-up", listener.address(), new AtomicReference<PeerRejectedException>())
                        .check(channel, System.nanoTime() + LIMIT.toNanos());
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (SecurityConfigException e) {
            throw new WarmUpException("cannot make the loopback channel's TLS context: " + e.getMessage(), e);
        } catch (PluginStartException e) {
            throw new WarmUpException("the loopback health check failed: " + e.getMessage(), e);
        } finally {
            // bounded: cancels what still runs, then waits at most the listener's own 2 s
            listener.shutdown(Duration.ZERO);
        }
    }

    private static void startAndReapAChild(ProcessSpawner spawner) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(spawner.wrap(TRUE, List.of(TRUE.toString())))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child;
        try {
            child = spawner.start(builder);
        } catch (IOException e) {
            throw new WarmUpException("cannot start " + TRUE + ": " + e.getMessage(), e);
        }
        if (!child.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new WarmUpException(TRUE + " did not exit within " + LIMIT.toSeconds() + " s");
        }
    }

    /** Why a warm-up failed; the host is usable all the same. */
    public static final class WarmUpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WarmUpException(String message) {
            super(message);
        }

        WarmUpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class ServingHealth extends HealthGrpc.HealthImplBase {
        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
            response.onNext(HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
            response.onCompleted();
        }
    }
}
