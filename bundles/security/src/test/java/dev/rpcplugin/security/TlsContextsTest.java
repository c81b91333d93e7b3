package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsContextsTest {
    private static TlsIdentity host;
    private static TlsIdentity plugin;
    private static TlsIdentity stranger;

    private final LoopbackGrpc grpc = new LoopbackGrpc();

    @BeforeAll
    static void identities() {
        host = AutoMtlsCertificates.generate();
        plugin = AutoMtlsCertificates.generate();
        stranger = AutoMtlsCertificates.generate();
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    @ParameterizedTest
    @EnumSource(TlsProtocol.class)
    void matchingSidesServe(TlsProtocol protocol) throws Exception {
        TlsOptions options = TlsOptions.defaults().withProtocols(protocol);
        grpc.startServer(TlsContexts.server(plugin, host.certificate(), options.withPeerLabel("host")));

        ServingStatus status = grpc.checkHealth(TlsContexts.client(host, plugin.certificate(), options));

        assertThat(status).isEqualTo(ServingStatus.SERVING);
        assertThat(grpc.negotiatedProtocol()).isEqualTo(protocol.jsseName());
    }

    @Test
    void theServerContextWrapsTheJdksOwnAndAdvertisesOnlyHttp2() throws Exception {
        SslContext server = TlsContexts.server(plugin, host.certificate());

        // not Netty's JdkSslServerContext, whose first use costs a JVM about 200 ms of key store probing
        assertThat(server.getClass()).isEqualTo(JdkSslContext.class);
        assertThat(server.isServer()).isTrue();
        assertThat(server.applicationProtocolNegotiator().protocols()).containsExactly("h2");
        assertThat(server.newEngine(io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator.DEFAULT).getNeedClientAuth())
                .isTrue();
    }

    @Test
    void tls13IsPreferredByDefault() throws Exception {
        grpc.startServer(TlsContexts.server(plugin, host.certificate()));

        assertThat(grpc.checkHealth(TlsContexts.client(host, plugin.certificate()))).isEqualTo(ServingStatus.SERVING);
        assertThat(grpc.negotiatedProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void wrongServerCertificateIsRefusedByTheClient() throws Exception {
        grpc.startServer(TlsContexts.server(stranger, host.certificate()));
        CompletableFuture<PeerRejectedException> refused = new CompletableFuture<>();
        TlsOptions options = TlsOptions.defaults().withPeerLabel("plugin").withRejectionListener(refused::complete);

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> grpc.checkHealth(TlsContexts.client(host, plugin.certificate(), options)));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure).rootCause().isInstanceOf(PeerRejectedException.class)
                .hasMessageContaining("server certificate is not the pinned plugin certificate")
                .hasMessageContaining("sha256 " + internalSha256(stranger))
                .hasMessageContaining("pinned subject CN=localhost,O=HashiCorp, sha256 " + internalSha256(plugin));
        PeerRejectedException rejection = refused.get(10, TimeUnit.SECONDS);
        assertThat(rejection.reason()).isEqualTo(PeerRejectedException.Reason.NOT_PINNED);
        assertThat(rejection.peerRole()).isEqualTo(PeerRejectedException.PeerRole.SERVER);
        assertThat(rejection.presentedCertificate()).contains(stranger.certificate());
    }

    @ParameterizedTest
    @EnumSource(TlsProtocol.class)
    void wrongClientCertificateIsRefusedByTheServer(TlsProtocol protocol) throws Exception {
        CompletableFuture<PeerRejectedException> refused = new CompletableFuture<>();
        TlsOptions options = TlsOptions.defaults().withProtocols(protocol);
        grpc.startServer(TlsContexts.server(plugin, host.certificate(),
                options.withPeerLabel("host").withRejectionListener(refused::complete)));

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> grpc.checkHealth(TlsContexts.client(stranger, plugin.certificate(), options)));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure).rootCause().hasMessageContaining("Received fatal alert: certificate_unknown");
        PeerRejectedException rejection = refused.get(10, TimeUnit.SECONDS);
        assertThat(rejection).hasMessageContaining("client certificate is not the pinned host certificate");
        assertThat(rejection.peerRole()).isEqualTo(PeerRejectedException.PeerRole.CLIENT);
    }

    @ParameterizedTest
    @EnumSource(TlsProtocol.class)
    void missingClientCertificateIsRefusedByTheServer(TlsProtocol protocol) throws Exception {
        grpc.startServer(TlsContexts.server(plugin, host.certificate(), TlsOptions.defaults().withProtocols(protocol)));
        SslContext anonymousClient = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(plugin.certificate())
                .protocols(protocol.jsseName())
                .build();

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> grpc.checkHealth(anonymousClient));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        // JSSE refuses an empty client chain itself, before any trust manager. The alert depends on the JDK:
        // Java 17 sends bad_certificate; Java 25 sends certificate_required (TLS 1.3) or handshake_failure (1.2)
        assertThat(failure).rootCause().hasMessageMatching(
                "(?s).*Received fatal alert: (bad_certificate|certificate_required|handshake_failure).*");
    }

    @Test
    void pinnedServerCertificateWithoutLocalhostIsRefused() throws Exception {
        TlsIdentity nameless = new TestCertificates().dnsNames("example.org").build();
        grpc.startServer(TlsContexts.server(nameless, host.certificate()));
        CompletableFuture<PeerRejectedException> refused = new CompletableFuture<>();
        TlsOptions options = TlsOptions.defaults().withPeerLabel("plugin").withRejectionListener(refused::complete);

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> grpc.checkHealth(TlsContexts.client(host, nameless.certificate(), options)));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure).rootCause().isInstanceOf(PeerRejectedException.class)
                .hasMessageContaining("server certificate (subject O=rpcplugin tests,CN=test")
                .hasMessageContaining("is not valid for localhost (DNS names [example.org])");
        assertThat(refused.get(10, TimeUnit.SECONDS).reason())
                .isEqualTo(PeerRejectedException.Reason.NOT_VALID_FOR_LOCALHOST);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyKeyTypeWorksOnBothSides(KeyType keyType) throws Exception {
        TlsIdentity server = AutoMtlsCertificates.generate(keyType);
        TlsIdentity client = AutoMtlsCertificates.generate(keyType);
        grpc.startServer(TlsContexts.server(server, client.certificate()));

        assertThat(grpc.checkHealth(TlsContexts.client(client, server.certificate()))).isEqualTo(ServingStatus.SERVING);
    }

    private static String internalSha256(TlsIdentity identity) {
        return dev.rpcplugin.security.internal.CertificateDescriptions.sha256Hex(identity.certificate());
    }
}
