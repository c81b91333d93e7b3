package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Java plugin on the server SDK (the KV example) under AutoMTLS, started with a host certificate in
 * {@code PLUGIN_CLIENT_CERT}, and raw grpc-java clients dialling it: the pinned host identity is served;
 * a wrong certificate, no certificate and a plaintext dial are refused, the client gets a failed call
 * whose status says so, and the plugin logs why (hclog on its stderr) where it is the side that knows.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsPeerRejectionIT {

    private static final Duration START = Duration.ofSeconds(45);
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);

    private static ScratchDirectory scratch;
    private static TransportResources transport;
    private static TlsIdentity host;
    private static DirectPlugin plugin;
    private static X509Certificate pluginCertificate;

    @BeforeAll
    static void startPlugin() throws Exception {
        scratch = ScratchDirectory.create("ftl");
        transport = TransportResources.create();
        host = AutoMtlsCertificates.generate();
        plugin = DirectPlugin.start(List.of(FaultPrograms.example("kv-plugin").toString()), Map.of(
                "BASIC_PLUGIN", "hello",
                "PLUGIN_PROTOCOL_VERSIONS", "1",
                "PLUGIN_CLIENT_CERT", host.certificatePem(),
                "PLUGIN_UNIX_SOCKET_DIR", scratch.path().toString(),
                "KV_PLUGIN_MEMORY", "1"), START);
        assertThat(plugin.field(3)).isEqualTo("unix");
        pluginCertificate = Der.decodeBase64Certificate(plugin.field(6), "handshake field 6");
    }

    @AfterAll
    static void stopPlugin() throws Exception {
        try {
            if (plugin != null) {
                plugin.close();
            }
        } finally {
            if (transport != null) {
                transport.close();
            }
            scratch.close();
        }
    }

    @Test
    void thePinnedHostIsServed() throws Exception {
        assertThat(health(TlsContexts.client(host, pluginCertificate))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void aClientWithAnotherCertificateIsRefusedAndThePluginLogsWhy() throws Exception {
        TlsIdentity stranger = AutoMtlsCertificates.generate();
        String client = refusedCall(TlsContexts.client(stranger, pluginCertificate));
        String logged = plugin.awaitStderr(LOG_WAIT, "client certificate is not the pinned host certificate",
                "sha256 " + sha256(stranger.certificate()), "pinned subject CN=localhost,O=HashiCorp, sha256 "
                        + sha256(host.certificate()));
        System.out.println("fault: wrong client certificate, client sees: " + client);
        System.out.println("fault: wrong client certificate, plugin logs: " + logged);
        assertThat(client).satisfiesAnyOf(refusedBy("certificate_unknown"), closedWithoutReason());
        assertThat(logged).contains("\"@level\":\"warn\"", "\"@module\":\"dev.rpcplugin.security.TlsContexts\"");
        assertStillServesThePinnedHost();
    }

    /**
     * The JDK refuses an empty client certificate chain itself, before the pinned-peer check runs, so
     * the plugin can only say that a handshake failed and what could have caused it; the client learns
     * it from the alert, if it reads the alert before it notices the closed connection.
     */
    @Test
    void aClientWithoutCertificateIsRefusedWithAnAlert() throws Exception {
        SslContext anonymous = GrpcSslContexts.configure(SslContextBuilder.forClient().trustManager(pluginCertificate),
                SslProvider.JDK).build();
        int linesBefore = plugin.stderr().size();
        String client = refusedCall(anonymous);
        System.out.println("fault: no client certificate, client sees: " + client);
        String logged = awaitNewFailureLine(linesBefore);
        System.out.println("fault: no client certificate, plugin logs: " + logged);
        // the alert is the plugin JVM's choice: bad_certificate on Java 17, TLS 1.3's certificate_required on Java 25
        assertThat(client).satisfiesAnyOf(refusedBy("bad_certificate"), refusedBy("certificate_required"),
                closedWithoutReason());
        assertThat(logged).contains("\"@level\":\"warn\"", "sent no client certificate");
        assertStillServesThePinnedHost();
    }

    /**
     * A plaintext HTTP/2 preface is not a TLS record: the plugin's TLS handler drops the connection.
     * The client learns no more than that the connection closed (go-plugin's hosts see the same: the
     * dial never becomes ready); the plugin logs that a handshake failed and what could have caused it.
     */
    @Test
    void aPlaintextDialIsRefused() throws Exception {
        int linesBefore = plugin.stderr().size();
        String client = refusedCall(null);
        System.out.println("fault: plaintext dial, client sees: " + client);
        String logged = awaitNewFailureLine(linesBefore);
        System.out.println("fault: plaintext dial, plugin logs: " + logged);
        assertThat(client).satisfies(closedWithoutReason());
        assertThat(logged).contains("\"@level\":\"warn\"", "did not speak TLS");
        assertStillServesThePinnedHost();
    }

    /**
     * TLS 1.3 has the server judge the client's certificate after the client finished its part of the
     * handshake: the refusal arrives as an alert, which the client reads unless it first sees the
     * connection close.
     */
    private static ThrowingConsumer<String> refusedBy(String alert) {
        return text -> assertThat(text).startsWith("UNAVAILABLE")
                .contains("SSLHandshakeException", "Received fatal alert: " + alert);
    }

    private static ThrowingConsumer<String> closedWithoutReason() {
        return text -> assertThat(text).isEqualTo("UNAVAILABLE: Network closed for unknown reason");
    }

    private static void assertStillServesThePinnedHost() throws Exception {
        assertThat(health(TlsContexts.client(host, pluginCertificate))).as("the pinned host after a refusal")
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    /** Waits for the plugin's line about a failed handshake among the lines after {@code from}. */
    private static String awaitNewFailureLine(int from) {
        String[] found = new String[1];
        Poll.until(LOG_WAIT, 20, () -> {
            found[0] = newLines(from).stream().filter(line -> line.contains("TLS handshake with a host failed"))
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        assertThat(found[0]).as("the plugin's line about the refused connection; stderr after the call:%n%s",
                String.join("\n", newLines(from))).isNotNull();
        return found[0];
    }

    private static List<String> newLines(int from) {
        List<String> lines = plugin.stderr();
        return List.copyOf(lines.subList(Math.min(from, lines.size()), lines.size()));
    }

    private static String sha256(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static HealthCheckResponse.ServingStatus health(SslContext tls) {
        ManagedChannel channel = PluginChannelBuilder.forAddress(transport, "unix", plugin.field(4)).sslContext(tls)
                .build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    /** Makes a health call that must fail, and describes how it failed. */
    private static String refusedCall(SslContext tls) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> health(tls));
        assertThat(refused).as("the call must fail").isNotNull();
        return describe(refused);
    }

    /** Status code, description and the cause chain's messages. */
    private static String describe(StatusRuntimeException e) {
        StringBuilder text = new StringBuilder(e.getStatus().getCode().toString());
        if (e.getStatus().getDescription() != null) {
            text.append(": ").append(e.getStatus().getDescription());
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            text.append(" <- ").append(c);
        }
        return text.toString();
    }
}
