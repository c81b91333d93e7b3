package dev.rpcplugin.server.internal;

import dev.rpcplugin.handshake.EnvironmentVariables;
import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.protocol.BrokerTls;
import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.KeyType;
import dev.rpcplugin.security.PeerRejectionListener;
import dev.rpcplugin.security.Pem;
import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.security.TlsOptions;
import dev.rpcplugin.server.PluginLogger;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The plugin's TLS, decided once at start-up.
 *
 * <ul>
 *   <li>AutoMTLS (go-plugin's default) with {@code PLUGIN_CLIENT_CERT} set: a fresh throw-away
 *       identity with go-plugin's certificate profile on the fastest key type (ECDSA P-256; Go hosts
 *       only pin it), the host's certificate required and pinned, the plugin's certificate DER for
 *       handshake field 6. Without the variable: plaintext.</li>
 *   <li>Provided: the app's identity and pinned client certificate, no certificate in the line.</li>
 *   <li>Plaintext: never TLS; refusing a host that asks for AutoMTLS.</li>
 * </ul>
 * Brokered connections use the same identity and pin in both directions (go-plugin 1.4.4+).
 *
 * @param serverContext the listener's context, empty for plaintext
 * @param handshakeCertificate DER for field 6, empty unless AutoMTLS
 * @param brokerTls contexts for brokered connections, empty for plaintext
 */
public record ServerTls(Optional<SslContext> serverContext, Optional<byte[]> handshakeCertificate,
        Optional<BrokerTls> brokerTls) {

    /** The key type of AutoMTLS certificates: the quickest to generate. */
    public static final KeyType AUTO_MTLS_KEY_TYPE = KeyType.EC_P256;

    private static final ServerTls PLAINTEXT = new ServerTls(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Decides and builds the TLS set-up.
     *
     * @param mode what the app configured
     * @param environment the host's variables
     * @param log for go-plugin's "configuring server automatic mTLS" line
     * @param rejections told about every host certificate the plugin's TLS refuses
     * @return the set-up
     * @throws StartFailure if the host's certificate or the app's credentials are unusable, or a
     *     plaintext plugin was asked for AutoMTLS
     */
    public static ServerTls create(ServeSettings.Tls mode, PluginEnvironment environment, PluginLogger log,
            PeerRejectionListener rejections) throws StartFailure {
        Optional<String> hostPem = environment.clientCertificatePem();
        try {
            if (mode instanceof ServeSettings.Provided provided) {
                X509Certificate client = provided.trustedClients().certificate();
                return pinned(provided.identity(), client, Optional.empty(), rejections);
            }
            if (hostPem.isEmpty()) {
                return PLAINTEXT;
            }
            if (mode instanceof ServeSettings.Plaintext) {
                throw new StartFailure("the host asked for AutoMTLS (" + EnvironmentVariables.CLIENT_CERT
                        + " is set) but this plugin is configured for plaintext only", null);
            }
            log.debug("configuring server automatic mTLS");
            X509Certificate host = Pem.decodeCertificate(hostPem.get(),
                    "environment variable " + EnvironmentVariables.CLIENT_CERT);
            TlsIdentity own = AutoMtlsCertificates.generate(AUTO_MTLS_KEY_TYPE);
            return pinned(own, host, Optional.of(Der.encodeCertificate(own.certificate())), rejections);
        } catch (SecurityConfigException e) {
            throw new StartFailure("plugin tls init: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StartFailure("failed to generate server certificate: " + e.getMessage(), e);
        }
    }

    /** Whether the listener uses TLS. */
    public boolean enabled() {
        return serverContext.isPresent();
    }

    private static ServerTls pinned(TlsIdentity own, X509Certificate peer, Optional<byte[]> fieldSix,
            PeerRejectionListener rejections) throws SecurityConfigException {
        TlsOptions defaults = TlsOptions.defaults().withPeerLabel("host");
        PeerRejectionListener logged = defaults.rejectionListener(); // the refusal's warning, naming both certificates
        TlsOptions options = defaults.withRejectionListener(rejection -> {
            logged.peerRejected(rejection);
            rejections.peerRejected(rejection);
        });
        SslContext server = TlsContexts.server(own, peer, options);
        SslContext client = TlsContexts.client(own, peer, options);
        return new ServerTls(Optional.of(server), fieldSix, Optional.of(new BrokerTls(server, client)));
    }
}
