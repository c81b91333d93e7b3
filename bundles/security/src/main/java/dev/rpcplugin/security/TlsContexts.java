package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.PinnedPeerTrustManager;
import dev.rpcplugin.security.internal.SingleIdentityKeyManager;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * gRPC TLS contexts (grpc-netty-shaded {@link SslContext}s) for AutoMTLS: each side presents its own
 * identity and trusts exactly one pinned peer certificate, as go-plugin does. They use the JDK's TLS
 * provider (BoringSSL fails the handshake with go-plugin's P-521 certificates) with TLS 1.3 preferred
 * and TLS 1.2 as the minimum, and ALPN {@code h2} as gRPC requires.
 *
 * <ul>
 *   <li>{@link #client}: for the side that dials (the host dialling its plugin, or either side
 *       dialling a brokered connection). The server's certificate must be the pinned one and name
 *       DNS {@code localhost}; dial with authority {@code localhost}.</li>
 *   <li>{@link #server}: for the side that serves (the plugin, or either side serving a brokered
 *       connection). A client certificate is required and must be the pinned one, e.g. the host's
 *       certificate from {@code PLUGIN_CLIENT_CERT}.</li>
 * </ul>
 *
 * A refused peer fails the handshake with a {@link PeerRejectedException} that names the problem
 * and both certificates; it is also given to {@link TlsOptions#rejectionListener()}.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * @param own        the identity this side presents
     * @param pinnedPeer the only server certificate trusted
     * @return a client context with default options
     * @throws SecurityConfigException if the JDK cannot make the context
     */
    public static SslContext client(TlsIdentity own, X509Certificate pinnedPeer) throws SecurityConfigException {
        return client(own, pinnedPeer, TlsOptions.defaults());
    }

    /**
     * @param own        the identity this side presents
     * @param pinnedPeer the only server certificate trusted
     * @param options    protocols, peer label and rejection listener
     * @return a client context
     * @throws SecurityConfigException if the JDK cannot make the context
     */
    public static SslContext client(TlsIdentity own, X509Certificate pinnedPeer, TlsOptions options)
            throws SecurityConfigException {
        SslContextBuilder builder = SslContextBuilder.forClient().keyManager(keyManager(own));
        return build(builder, pinnedPeer, options, "client TLS context");
    }

    /**
     * @param own        the identity this side presents
     * @param pinnedPeer the only client certificate trusted (a client certificate is required)
     * @return a server context with default options
     * @throws SecurityConfigException if the JDK cannot make the context
     */
    public static SslContext server(TlsIdentity own, X509Certificate pinnedPeer) throws SecurityConfigException {
        return server(own, pinnedPeer, TlsOptions.defaults());
    }

    /**
     * @param own        the identity this side presents
     * @param pinnedPeer the only client certificate trusted (a client certificate is required)
     * @param options    protocols, peer label and rejection listener
     * @return a server context
     * @throws SecurityConfigException if the JDK cannot make the context
     */
    public static SslContext server(TlsIdentity own, X509Certificate pinnedPeer, TlsOptions options)
            throws SecurityConfigException {
        SslContextBuilder builder = SslContextBuilder.forServer(keyManager(own)).clientAuth(ClientAuth.REQUIRE);
        return build(builder, pinnedPeer, options, "server TLS context");
    }

    private static X509ExtendedKeyManager keyManager(TlsIdentity own) {
        Objects.requireNonNull(own, "own");
        return new SingleIdentityKeyManager(own.chain().toArray(new X509Certificate[0]), own.privateKey());
    }

    private static SslContext build(SslContextBuilder builder, X509Certificate pinnedPeer, TlsOptions options,
            String what) throws SecurityConfigException {
        Objects.requireNonNull(pinnedPeer, "pinnedPeer");
        Objects.requireNonNull(options, "options");
        builder.trustManager(new PinnedPeerTrustManager(pinnedPeer, options.peerLabel(),
                AutoMtlsCertificates.HOST_NAME, options.rejectionListener()));
        try {
            return GrpcSslContexts.configure(builder, SslProvider.JDK)
                    .protocols(options.protocols().stream().map(TlsProtocol::jsseName).toList())
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new SecurityConfigException(what, "cannot be created (" + e.getMessage() + ")", e);
        }
    }
}
