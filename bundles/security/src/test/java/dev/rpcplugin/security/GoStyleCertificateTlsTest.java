package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Certificates made like go-plugin's (P-521, SHA-512, SEC1 key) by openssl work on both sides. */
class GoStyleCertificateTlsTest {
    @TempDir
    static Path directory;

    private static TlsIdentity goPeer;
    private static TlsIdentity javaPeer;

    private final LoopbackGrpc grpc = new LoopbackGrpc();

    @BeforeAll
    static void certificates() throws Exception {
        goPeer = new OpenSsl(directory).goStyleP521("go").identity();
        javaPeer = AutoMtlsCertificates.generate();
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    @ParameterizedTest
    @EnumSource(TlsProtocol.class)
    void acceptedAsServerCertificate(TlsProtocol protocol) throws Exception {
        assertServes(goPeer, javaPeer, protocol);
    }

    @ParameterizedTest
    @EnumSource(TlsProtocol.class)
    void acceptedAsClientCertificate(TlsProtocol protocol) throws Exception {
        assertServes(javaPeer, goPeer, protocol);
    }

    @ParameterizedTest
    @EnumSource(TlsProtocol.class)
    void acceptedOnBothSidesAtOnce(TlsProtocol protocol) throws Exception {
        assertServes(goPeer, new OpenSsl(directory).goStyleP521("go-" + protocol).identity(), protocol);
    }

    @Test
    void opensslCertificateHasTheGoPluginProfileAndSec1Key() throws Exception {
        assertThat(goPeer.certificate().getSigAlgName()).isEqualTo("SHA512withECDSA");
        assertThat(goPeer.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost,O=HashiCorp");
        assertThat(new OpenSsl(directory).run("ec", "-in", directory.resolve("go-sec1.pem").toString(), "-noout",
                "-text")).contains("NIST CURVE: P-521");
        assertThat(Files.readString(directory.resolve("go-sec1.pem")))
                .startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    private void assertServes(TlsIdentity server, TlsIdentity client, TlsProtocol protocol) throws Exception {
        TlsOptions options = TlsOptions.defaults().withProtocols(protocol);
        grpc.startServer(TlsContexts.server(server, client.certificate(), options));

        assertThat(grpc.checkHealth(TlsContexts.client(client, server.certificate(), options)))
                .isEqualTo(ServingStatus.SERVING);
        assertThat(grpc.negotiatedProtocol()).isEqualTo(protocol.jsseName());
    }
}
