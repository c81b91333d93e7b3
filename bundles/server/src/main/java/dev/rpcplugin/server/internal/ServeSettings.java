package dev.rpcplugin.server.internal;

import dev.rpcplugin.security.PemSource;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.ServiceFactory;
import dev.rpcplugin.transport.Network;
import io.grpc.ServerInterceptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executor;

/**
 * Everything a {@code PluginServer} was configured with, frozen by its builder.
 *
 * @param cookieKey magic cookie variable name as given (may be empty: go-plugin's misconfiguration case)
 * @param cookieValue magic cookie value as given (may be empty)
 * @param versions app protocol version to the factories of the services served for it
 * @param networks networks to try, in order of preference
 * @param networksChosen whether the app chose them; else TCP is a fallback only for a TLS listener
 * @param tls how the listener is secured
 * @param environment the environment the host gave the process
 * @param logLevel threshold of the plugin's hclog output
 * @param watchHost whether to exit when the host process goes away
 * @param hostCheckInterval how often the host is checked
 * @param shutdownGrace how long running calls may finish after {@code Shutdown}
 * @param executor handler executor, or null for grpc's default (unless {@code directExecutor})
 * @param directExecutor whether handlers run on the I/O threads
 * @param interceptors interceptors for every call, in the order given
 * @param maxInboundMessageSize largest accepted message
 */
public record ServeSettings(
        String cookieKey,
        String cookieValue,
        SortedMap<Integer, List<ServiceFactory>> versions,
        List<Network> networks,
        boolean networksChosen,
        Tls tls,
        Map<String, String> environment,
        LogLevel logLevel,
        boolean watchHost,
        Duration hostCheckInterval,
        Duration shutdownGrace,
        Executor executor,
        boolean directExecutor,
        List<ServerInterceptor> interceptors,
        int maxInboundMessageSize) {

    /** How the plugin's listener is secured. */
    public sealed interface Tls {
    }

    /** go-plugin's behaviour: AutoMTLS when the host sets {@code PLUGIN_CLIENT_CERT}, else plaintext. */
    public record AutoMtls() implements Tls {
    }

    /** Never TLS; a host asking for AutoMTLS is refused at start-up. */
    public record Plaintext() implements Tls {
    }

    /**
     * The app's own TLS (go-plugin's {@code TLSProvider}): this identity, client certificates
     * required and checked against {@code trustedClients}; no certificate in the handshake line.
     *
     * @param identity what the server presents
     * @param trustedClients the client certificates accepted (each is pinned)
     */
    public record Provided(TlsIdentity identity, PemSource trustedClients) implements Tls {
    }
}
