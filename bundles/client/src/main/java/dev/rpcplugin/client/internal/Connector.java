package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerOptions;
import dev.rpcplugin.protocol.BrokerTls;
import dev.rpcplugin.protocol.LargeMessageParsing;
import dev.rpcplugin.protocol.StdioConsumer;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.InvalidCredentialException;
import dev.rpcplugin.security.PeerRejectedException;
import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.security.TlsOptions;
import dev.rpcplugin.transport.InvalidAddressException;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginChannelBuilder;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to a plugin whose address is known (from the handshake line or a reattach config): TLS
 * setup, channel, the health check, then the {@code GRPCStdio} and broker streams. On failure
 * everything it opened is closed again.
 */
public final class Connector {

    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private static final Consumer<byte[]> DISCARD = bytes -> { };

    private final ClientSettings settings;
    private final HostContext host;
    private final StartControl control;

    public Connector(ClientSettings settings, HostContext host, StartControl control) {
        this.settings = settings;
        this.host = host;
        this.control = control;
    }

    /**
     * @param network {@code unix} or {@code tcp}
     * @param address where the plugin listens
     * @param protocolVersion the negotiated app version
     * @param serverCertificate handshake field 6 (DER), if any
     * @param socketDirectory where host-side broker sockets go, or null for the default temp dir
     * @param deadlineNanos {@link System#nanoTime()} by which the health check must have answered
     * @throws PluginStartException with everything opened here closed again
     */
    public Connection connect(String network, String address, int protocolVersion, Optional<byte[]> serverCertificate,
            Path socketDirectory, long deadlineNanos) throws PluginStartException {
        // the broker and stdio streams live as long as the plugin, not as long as a gRPC request that
        // started it: the caller's Context, cancelled when that request ends, must not be theirs
        Context previous = Context.ROOT.attach();
        try {
            return connectInRootContext(network, address, protocolVersion, serverCertificate, socketDirectory,
                    deadlineNanos);
        } finally {
            Context.ROOT.detach(previous);
        }
    }

    private Connection connectInRootContext(String network, String address, int protocolVersion,
            Optional<byte[]> serverCertificate, Path socketDirectory, long deadlineNanos) throws PluginStartException {
        if (!settings.allowedNetworks().contains(network)) {
            throw new PluginStartException(Reason.UNSUPPORTED_NETWORK, "plugin " + settings.name() + " listens on "
                    + network + " " + address + ", but this host only allows " + settings.allowedNetworks(), null);
        }
        AtomicReference<PeerRejectedException> rejection = new AtomicReference<>();
        SslContext clientTls = null;
        BrokerTls brokerTls = settings.brokerTls();
        if (settings.autoMtls()) {
            X509Certificate pinned = pluginCertificate(serverCertificate);
            TlsIdentity own = host.identity().get();
            TlsOptions options = TlsOptions.defaults().withPeerLabel("plugin " + settings.name())
                    .withRejectionListener(rejection::set);
            try {
                clientTls = TlsContexts.client(own, pinned, options);
                brokerTls = new BrokerTls(TlsContexts.server(own, pinned, options), clientTls);
            } catch (SecurityConfigException e) {
                throw new PluginStartException(Reason.BAD_CERTIFICATE, "cannot set up TLS with the certificate of plugin "
                        + settings.name() + ": " + e.getMessage(), e);
            }
        } else if (settings.tls() != null) {
            clientTls = settings.tls();
        }
        ManagedChannel channel = channel(network, address, clientTls);
        StdioConsumer stdio = null;
        Broker broker = null;
        try {
            if (!control.publish(channel)) {
                throw StartControl.killedWhileStarting(settings.name());
            }
            // health first: the streams below would only share the first round trip with it
            try {
                new HealthProbe(settings.name(), network + " " + address, rejection).check(channel, deadlineNanos);
            } catch (PluginStartException e) {
                throw withSocketHint(e, network, address);
            }
            if (network.equals("tcp") && clientTls == null) {
                LOG.warn("plugin {} listens on plaintext TCP {}, which every local user can connect to; use AutoMTLS,"
                        + " or have it listen on a Unix socket", settings.name(), address);
            }
            stdio = StdioConsumer.start(channel, orDiscard(settings.syncStdout()), orDiscard(settings.syncStderr()));
            // after the stream's last chunk, on its thread: a last line without its line end
            stdio.finished().whenComplete((status, failure) -> {
                flushLines(settings.syncStdout());
                flushLines(settings.syncStderr());
            });
            ListenerOptions listen = ListenerOptions.defaults();
            if (socketDirectory != null) {
                listen = listen.withSocketDirectoryParent(socketDirectory);
            }
            BrokerOptions brokerOptions = BrokerOptions.of(host.transport(), Network.fromWireName(network), listen)
                    .withCallbackExecutor(host.channelExecutor());
            broker = Broker.forHost(channel, brokerTls == null ? brokerOptions : brokerOptions.withTls(brokerTls));
            return new Connection(channel, new UnclosableChannel(channel, host.channelExecutor()), stdio, broker,
                    protocolVersion, network, address, clientTls != null);
        } catch (PluginStartException | RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            if (stdio != null) {
                stdio.close();
            }
            channel.shutdownNow();
            throw e;
        }
    }

    // "connection refused" and "no such file" look alike in gRPC's status; say which it is
    private static PluginStartException withSocketHint(PluginStartException e, String network, String address) {
        if (e.reason() != Reason.CONNECTION_FAILED || !network.equals("unix") || Files.exists(Path.of(address))) {
            return e;
        }
        return new PluginStartException(e.reason(), e.getMessage() + " (the socket file " + address
                + " does not exist: the plugin never created it, or removed it)", e.getCause());
    }

    private X509Certificate pluginCertificate(Optional<byte[]> serverCertificate) throws PluginStartException {
        if (serverCertificate.isEmpty()) {
            throw new PluginStartException(Reason.AUTO_MTLS_NOT_SUPPORTED, "plugin " + settings.name()
                    + " does not support AutoMTLS: AutoMTLS was requested, but its handshake line carries no server"
                    + " certificate (field 6 is empty or too short)", null);
        }
        try {
            return Der.decodeCertificate(serverCertificate.get(), "handshake field 6 of plugin " + settings.name());
        } catch (InvalidCredentialException e) {
            throw new PluginStartException(Reason.BAD_CERTIFICATE, "error parsing server cert of plugin "
                    + settings.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Configures {@code builder} as every channel to a plugin is: {@code tls} (null: plaintext), large
     * responses parsed with one copy, the host's channel executor.
     */
    static PluginChannelBuilder asPluginChannel(PluginChannelBuilder builder, SslContext tls, Executor channelExecutor) {
        return builder.sslContext(tls).intercept(LargeMessageParsing.responses()).executor(channelExecutor);
    }

    private ManagedChannel channel(String network, String address, SslContext tls) throws PluginStartException {
        try {
            return asPluginChannel(PluginChannelBuilder.forAddress(host.transport(), network, address), tls,
                    host.channelExecutor()).build();
        } catch (InvalidAddressException e) {
            throw new PluginStartException(Reason.UNSUPPORTED_NETWORK, "plugin " + settings.name()
                    + " gave an unusable address: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // grpc-java's own checks of the address
            throw new PluginStartException(Reason.UNSUPPORTED_NETWORK, "plugin " + settings.name()
                    + " gave an address grpc-java cannot dial (" + network + " " + address + "): " + e.getMessage(), e);
        }
    }

    private static void flushLines(Consumer<byte[]> sink) {
        if (sink instanceof StdioLineSink lines) {
            lines.flush();
        }
    }

    private static Consumer<byte[]> orDiscard(Consumer<byte[]> sink) {
        return sink == null ? DISCARD : sink;
    }
}
