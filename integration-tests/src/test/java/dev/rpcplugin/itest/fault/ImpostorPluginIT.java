package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The host's side of a wrong certificate: a plugin whose handshake line advertises one AutoMTLS
 * certificate while its server presents another (an impostor listening where the plugin said it
 * would), or whose server answers in plaintext. {@link PluginClient} must refuse both with
 * {@code BAD_CERTIFICATE}, naming both certificates or the plaintext, and leave nothing running; the
 * same set-up with matching certificates connects.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImpostorPluginIT {

    @Test
    void theHostRefusesAServerCertificateOtherThanTheAdvertisedOne() throws Exception {
        TlsIdentity presented = AutoMtlsCertificates.generate();
        TlsIdentity advertised = AutoMtlsCertificates.generate();
        PluginStartException refused = catchThrowableOfType(PluginStartException.class,
                () -> connect(presented, advertised));
        assertThat(refused).as("the start must fail").isNotNull();
        System.out.println("fault: impostor plugin, host reports: " + refused.reason() + ": " + refused.getMessage());
        assertThat(refused.reason()).isEqualTo(PluginStartException.Reason.BAD_CERTIFICATE);
        assertThat(refused.getMessage()).contains("TLS handshake with plugin impostor",
                "server certificate is not the pinned plugin impostor certificate",
                "got subject CN=localhost,O=HashiCorp, sha256 " + sha256(presented),
                "pinned subject CN=localhost,O=HashiCorp, sha256 " + sha256(advertised));
    }

    @Test
    void theHostRefusesAPluginThatAdvertisesACertificateButServesPlaintext() throws Exception {
        TlsIdentity advertised = AutoMtlsCertificates.generate();
        PluginStartException refused = catchThrowableOfType(PluginStartException.class,
                () -> connect(null, advertised));
        assertThat(refused).as("the start must fail").isNotNull();
        System.out.println("fault: plaintext plugin advertising a certificate, host reports: " + refused.reason() + ": "
                + refused.getMessage());
        assertThat(refused.reason()).isEqualTo(PluginStartException.Reason.BAD_CERTIFICATE);
        assertThat(refused.getMessage()).contains("TLS handshake with plugin impostor",
                "the plugin answered in plaintext, not in TLS, although its handshake line carries a certificate",
                "not an SSL/TLS record").doesNotContain("Channel Pipeline");
    }

    @Test
    void theSameSetUpWithMatchingCertificatesConnects() throws Exception {
        TlsIdentity honest = AutoMtlsCertificates.generate();
        assertThat(connect(honest, honest)).isEqualTo("connected");
    }

    /**
     * Serves health over TLS as {@code presented} (in plaintext when null), launches a script whose
     * handshake line points there with {@code advertised}'s certificate, and starts a client on it with
     * AutoMTLS.
     */
    private static String connect(TlsIdentity presented, TlsIdentity advertised) throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("fim");
                PluginHost host = PluginHost.builder().socketDirectoryParent(scratch.directory("s")).build()) {
            HealthStatusManager health = new HealthStatusManager();
            health.setStatus("plugin", HealthCheckResponse.ServingStatus.SERVING);
            PluginListener server = PluginServerBuilder.forNetwork(host.transport(), Network.UNIX,
                            ListenerOptions.defaults().withSocketDirectoryParent(scratch.path()))
                    .sslContext(presented == null ? null : TlsContexts.server(presented, host.hostIdentity().certificate()))
                    .addService(health.getHealthService())
                    .start();
            try {
                Path line = scratch.path().resolve("line");
                Files.writeString(line, "1|1|unix|" + server.address() + "|grpc|"
                        + Der.encodeBase64Certificate(advertised.certificate()) + "\n");
                PluginClient client = PluginClient.builder(host).name("impostor")
                        .command(ScriptPlugin.staying(scratch.path(), "impostor.sh", 30).toString())
                        .magicCookie("FAULT_IMPOSTOR", "yes")
                        .environment(ScriptPlugin.OUTPUT_VARIABLE, line.toString())
                        .autoMtls(true)
                        .stopGrace(Duration.ofMillis(200))
                        .startTimeout(Duration.ofSeconds(20))
                        .build();
                try {
                    client.start();
                    // the leftover check below finds this plugin while it runs
                    assertThat(ResourceCounts.liveProcessesMentioning(scratch.path())).extracting(ProcessHandle::pid)
                            .contains(client.pid());
                    return "connected";
                } finally {
                    client.kill();
                    Poll.until(Duration.ofSeconds(5), 20,
                            () -> ResourceCounts.liveProcessesMentioning(scratch.path()).isEmpty());
                    assertThat(ResourceCounts.liveProcessesMentioning(scratch.path()))
                            .as("processes left by the client").isEmpty();
                }
            } finally {
                server.close();
            }
        }
    }

    private static String sha256(TlsIdentity identity) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded()));
    }
}
