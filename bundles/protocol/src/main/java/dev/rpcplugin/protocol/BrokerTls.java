package dev.rpcplugin.protocol;

import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.security.TlsOptions;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * TLS for one side's brokered connections, both directions (what go-plugin 1.4.4+ does; 1.0.1 gets
 * the dialling direction wrong):
 *
 * <ul>
 *   <li>{@code serverContext} is used when this side accepts: it presents this side's own
 *       certificate and requires and pins the peer's certificate;</li>
 *   <li>{@code clientContext} is used when this side dials: it presents this side's certificate,
 *       pins the peer's certificate and checks it for the name {@code localhost}.</li>
 * </ul>
 *
 * <p>Whoever builds the plugin connection makes both: the host from its own identity and the
 * plugin's certificate from the handshake line, the plugin from its identity and the host's
 * certificate in {@code PLUGIN_CLIENT_CERT}.
 *
 * @param serverContext server-side (ALPN h2) context for accepted connections
 * @param clientContext client-side (ALPN h2) context for dialled connections
 */
public record BrokerTls(SslContext serverContext, SslContext clientContext) {

    /**
     * @throws NullPointerException if either context is null
     * @throws IllegalArgumentException if {@code serverContext} is a client context or
     *     {@code clientContext} a server context
     */
    public BrokerTls {
        Objects.requireNonNull(serverContext, "serverContext");
        Objects.requireNonNull(clientContext, "clientContext");
        if (!serverContext.isServer()) {
            throw new IllegalArgumentException("BrokerTls serverContext must be a server SslContext, got a client one");
        }
        if (!clientContext.isClient()) {
            throw new IllegalArgumentException("BrokerTls clientContext must be a client SslContext, got a server one");
        }
    }

    /**
     * AutoMTLS contexts for one side, made by the security module: present {@code own}, trust only
     * {@code pinnedPeer}, in both directions.
     *
     * @param own this side's identity
     * @param pinnedPeer the other side's certificate (the plugin's from the handshake line on the
     *     host; the host's from {@code PLUGIN_CLIENT_CERT} on the plugin)
     * @return the pair
     * @throws SecurityConfigException if the contexts cannot be made
     */
    public static BrokerTls of(TlsIdentity own, X509Certificate pinnedPeer) throws SecurityConfigException {
        return of(own, pinnedPeer, TlsOptions.defaults());
    }

    /**
     * As {@link #of(TlsIdentity, X509Certificate)} with explicit TLS options (protocols, peer label,
     * rejection listener).
     *
     * @param own this side's identity
     * @param pinnedPeer the other side's certificate
     * @param options TLS options for both contexts
     * @return the pair
     * @throws SecurityConfigException if the contexts cannot be made
     */
    public static BrokerTls of(TlsIdentity own, X509Certificate pinnedPeer, TlsOptions options)
            throws SecurityConfigException {
        return new BrokerTls(TlsContexts.server(own, pinnedPeer, options), TlsContexts.client(own, pinnedPeer, options));
    }
}
