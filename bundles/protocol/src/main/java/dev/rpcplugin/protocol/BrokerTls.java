package dev.rpcplugin.protocol;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
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
}
