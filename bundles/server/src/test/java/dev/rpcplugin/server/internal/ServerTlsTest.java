package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.PeerRejectionListener;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.PemSource;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.PluginLogger;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerTlsTest {

    private static final PluginLogger LOG = PluginLogger.writingTo(new ByteArrayOutputStream(), LogLevel.OFF);
    private static final TlsIdentity HOST = AutoMtlsCertificates.generate();
    private static final PeerRejectionListener IGNORE = rejection -> { };

    private static PluginEnvironment withClientCert(String pem) {
        return PluginEnvironment.from(Map.of("PLUGIN_CLIENT_CERT", pem));
    }

    @Test
    void autoMtlsWithoutTheHostsCertificateIsPlaintext() throws Exception {
        ServerTls tls = ServerTls.create(new ServeSettings.AutoMtls(), PluginEnvironment.from(Map.of()), LOG, IGNORE);
        assertThat(tls.enabled()).isFalse();
        assertThat(tls.handshakeCertificate()).isEmpty();
        assertThat(tls.brokerTls()).isEmpty();
    }

    @Test
    void autoMtlsGeneratesAGoPluginStyleCertificateForFieldSix() throws Exception {
        ServerTls tls = ServerTls.create(new ServeSettings.AutoMtls(), withClientCert(HOST.certificatePem()), LOG, IGNORE);
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.serverContext().orElseThrow().isServer()).isTrue();
        assertThat(tls.brokerTls()).isPresent();
        var certificate = Der.decodeCertificate(tls.handshakeCertificate().orElseThrow(), "field 6");
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=localhost", "O=HashiCorp");
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void providedTlsPrintsNoCertificate() throws Exception {
        TlsIdentity own = AutoMtlsCertificates.generate();
        ServerTls tls = ServerTls.create(new ServeSettings.Provided(own, PemSource.inline(HOST.certificatePem())),
                withClientCert(HOST.certificatePem()), LOG, IGNORE);
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.handshakeCertificate()).isEmpty();
    }

    @Test
    void plaintextRefusesAnAutoMtlsHost() {
        assertThatThrownBy(() -> ServerTls.create(new ServeSettings.Plaintext(), withClientCert(HOST.certificatePem()),
                LOG, IGNORE)).isInstanceOf(StartFailure.class).hasMessageContaining("PLUGIN_CLIENT_CERT")
                .hasMessageContaining("plaintext");
    }

    @Test
    void anUnparsableHostCertificateIsAStartFailureNamingTheVariable() {
        assertThatThrownBy(() -> ServerTls.create(new ServeSettings.AutoMtls(), withClientCert("garbage"), LOG, IGNORE))
                .isInstanceOf(StartFailure.class).hasMessageContaining("PLUGIN_CLIENT_CERT");
    }
}
