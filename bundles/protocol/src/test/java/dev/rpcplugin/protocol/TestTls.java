package dev.rpcplugin.protocol;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.TlsIdentity;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** AutoMTLS identities for both sides and the broker TLS each side would build from them. */
final class TestTls {

    final TlsIdentity hostIdentity = AutoMtlsCertificates.generate();
    final TlsIdentity pluginIdentity = AutoMtlsCertificates.generate();

    BrokerTls host() throws SSLException {
        return tls(hostIdentity, pluginIdentity.certificate());
    }

    BrokerTls plugin() throws SSLException {
        return tls(pluginIdentity, hostIdentity.certificate());
    }

    /** Presents {@code own}, requires and pins {@code peer}. */
    static BrokerTls tls(TlsIdentity own, X509Certificate peer) throws SSLException {
        SslContext server = GrpcSslContexts.configure(SslContextBuilder.forServer(own.privateKey(), own.certificate()))
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(peer)
                .build();
        SslContext client = GrpcSslContexts.forClient()
                .keyManager(own.privateKey(), own.certificate())
                .trustManager(peer)
                .build();
        return new BrokerTls(server, client);
    }
}
