package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.PinnedPeerTrustManager;
import dev.rpcplugin.security.internal.SingleIdentityKeyManager;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2SecurityUtil;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
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
 *       DNS {@code localhost}, whatever authority is dialled: the authority is not checked against it.
 *       Dial with authority {@code localhost}, as go-plugin hosts do.</li>
 *   <li>{@link #server}: for the side that serves (the plugin, or either side serving a brokered
 *       connection). A client certificate is required and must be the pinned one, e.g. the host's
 *       certificate from {@code PLUGIN_CLIENT_CERT}.</li>
 * </ul>
 *
 * A peer certificate the pinned trust manager refuses fails the handshake with a
 * {@link PeerRejectedException} that names the problem and both certificates; it is also given to
 * {@link TlsOptions#rejectionListener()}. A peer that sends no certificate at all never gets that
 * far: the JDK's TLS engine refuses it before any trust manager runs, so the refusing side sees only
 * an {@code SSLHandshakeException} and no listener is told.
 */
public final class TlsContexts {
    private static final String JDK_TLS_PROVIDER = "SunJSSE";
    /** What grpc-java's own TLS contexts negotiate: HTTP/2 over ALPN, nothing else. */
    private static final ApplicationProtocolConfig GRPC_ALPN = new ApplicationProtocolConfig(Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, "h2");

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
        // Netty's builder would make a JdkSslServerContext, whose class initialisation builds and
        // encrypts a PKCS#12 key store to probe the JDK: about 200 ms in every JVM that serves TLS once
        X509ExtendedKeyManager keyManager = keyManager(own);
        TrustManager trustManager = trustManager(pinnedPeer, options);
        try {
            // the JDK's own provider, as grpc-java picks for its contexts, whatever else is installed
            Provider jdk = Security.getProvider(JDK_TLS_PROVIDER);
            SSLContext context = jdk != null ? SSLContext.getInstance("TLS", jdk) : SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
            return new JdkSslContext(context, false, Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE,
                    GRPC_ALPN, ClientAuth.REQUIRE, protocols(options), false);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SecurityConfigException("server TLS context", "cannot be created (" + e.getMessage() + ")", e);
        }
    }

    private static X509ExtendedKeyManager keyManager(TlsIdentity own) {
        Objects.requireNonNull(own, "own");
        return new SingleIdentityKeyManager(own.chain().toArray(new X509Certificate[0]), own.privateKey());
    }

    private static TrustManager trustManager(X509Certificate pinnedPeer, TlsOptions options) {
        Objects.requireNonNull(pinnedPeer, "pinnedPeer");
        Objects.requireNonNull(options, "options");
        return new PinnedPeerTrustManager(pinnedPeer, options.peerLabel(), AutoMtlsCertificates.HOST_NAME,
                options.rejectionListener());
    }

    private static String[] protocols(TlsOptions options) {
        return options.protocols().stream().map(TlsProtocol::jsseName).toArray(String[]::new);
    }

    private static SslContext build(SslContextBuilder builder, X509Certificate pinnedPeer, TlsOptions options,
            String what) throws SecurityConfigException {
        builder.trustManager(trustManager(pinnedPeer, options));
        try {
            return GrpcSslContexts.configure(builder, SslProvider.JDK).protocols(protocols(options)).build();
        } catch (SSLException | RuntimeException e) {
            throw new SecurityConfigException(what, "cannot be created (" + e.getMessage() + ")", e);
        }
    }
}
