package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AutoMTLS as a go-plugin host drives it: its certificate in, the plugin's in field 6, both pinned. */
class AutoMtlsProcessTest {

    @Test
    void servesMutualTlsWithItsCertificateInFieldSixAndRejectsOtherClients() throws Exception {
        TlsIdentity host = AutoMtlsCertificates.generate();
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_CLIENT_CERT", host.certificatePem());
        try (PluginProcess plugin = PluginProcess.start(env)) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(fields).hasSize(6);
            assertThat(fields[5]).hasSizeGreaterThan(50).doesNotContain("=").matches("[A-Za-z0-9+/]+");
            X509Certificate pluginCert = Der.decodeBase64Certificate(fields[5], "handshake field 6");
            assertThat(pluginCert.getSubjectX500Principal().getName()).contains("CN=localhost");

            try (HostSide pinned = new HostSide(fields, TlsContexts.client(host, pluginCert))) {
                assertThat(pinned.health("plugin")).isEqualTo(ServingStatus.SERVING);

                TlsIdentity stranger = AutoMtlsCertificates.generate();
                try (HostSide other = new HostSide(fields, TlsContexts.client(stranger, pluginCert))) {
                    assertThatThrownBy(() -> other.health("plugin")).isInstanceOf(StatusRuntimeException.class)
                            .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                                    .isEqualTo(Status.Code.UNAVAILABLE));
                }
                try (HostSide plaintext = new HostSide(fields)) {
                    assertThatThrownBy(() -> plaintext.health("plugin")).isInstanceOf(StatusRuntimeException.class);
                }
                SslContext withoutCertificate = GrpcSslContexts.forClient().trustManager(pluginCert).build();
                try (HostSide anonymous = new HostSide(fields, withoutCertificate)) {
                    assertThatThrownBy(() -> anonymous.health("plugin")).isInstanceOf(StatusRuntimeException.class);
                }
                assertThat(pinned.health("plugin")).as("still serving the pinned host").isEqualTo(ServingStatus.SERVING);
                pinned.shutdown();
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
            assertThat(String.join("\n", plugin.stderr())).contains("configuring server automatic mTLS");
            // one warn line per refused connection: the certificate check's own, or one for what the JDK refused
            List<String> stderr = plugin.stderr();
            assertThat(stderr).as(String.join("\n", stderr))
                    .anyMatch(line -> line.contains("\"@level\":\"warn\"")
                            && line.contains("is not the pinned host certificate"))
                    .noneMatch(line -> line.contains("TLS handshake with a host failed")
                            && line.contains("is not the pinned host certificate"));
            List<String> failures = stderr.stream()
                    .filter(line -> line.contains("TLS handshake with a host failed")).toList();
            assertThat(failures).as("the plaintext and the certificate-less host").hasSizeBetween(2, 4)
                    .allMatch(line -> line.contains("\"@level\":\"warn\"") && line.contains("sent no client certificate"));
        }
    }

    @Test
    void providedTlsUsesTheAppsIdentityAndPrintsNoCertificate(@TempDir Path dir) throws Exception {
        TlsIdentity server = AutoMtlsCertificates.generate();
        TlsIdentity client = AutoMtlsCertificates.generate();
        Path cert = Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Path key = Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
        Path trusted = Files.writeString(dir.resolve("client.pem"), client.certificatePem());
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment(), "tls=provided",
                "cert=" + cert, "key=" + key, "client=" + trusted)) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(fields).hasSize(6);
            assertThat(fields[5]).isEmpty();
            try (HostSide host = new HostSide(fields, TlsContexts.client(client, server.certificate()))) {
                assertThat(host.health("plugin")).isEqualTo(ServingStatus.SERVING);
                try (HostSide stranger = new HostSide(fields,
                        TlsContexts.client(AutoMtlsCertificates.generate(), server.certificate()))) {
                    assertThatThrownBy(() -> stranger.health("plugin")).isInstanceOf(StatusRuntimeException.class);
                }
                host.shutdown();
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
        }
    }

    @Test
    void aPlaintextOnlyPluginRefusesAnAutoMtlsHost() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_CLIENT_CERT", AutoMtlsCertificates.generate().certificatePem());
        try (PluginProcess plugin = PluginProcess.start(env, "tls=plaintext")) {
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isEqualTo(1);
            assertThat(plugin.remainingStdout()).isEmpty();
            assertThat(String.join("\n", plugin.stderr())).contains("plugin init error",
                    "PLUGIN_CLIENT_CERT is set) but this plugin is configured for plaintext only");
        }
    }

    @Test
    void anUnparsableHostCertificateFailsTheStart() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_CLIENT_CERT", "not a certificate");
        try (PluginProcess plugin = PluginProcess.start(env)) {
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isEqualTo(1);
            assertThat(plugin.remainingStdout()).isEmpty();
            assertThat(String.join("\n", plugin.stderr())).contains("plugin init error", "PLUGIN_CLIENT_CERT");
        }
    }
}
