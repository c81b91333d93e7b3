package dev.rpcplugin.transport;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.KeyType;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.security.TlsIdentity;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AutoMTLS over both networks, with contexts made by the security bundle. */
class TlsTransportTest extends WithTransportResources {

    /** go-plugin's own key type, as a Go peer would present it. */
    private static TlsIdentity plugin;
    private static TlsIdentity host;

    @TempDir
    Path parent;

    @BeforeAll
    static void generateIdentities() {
        plugin = AutoMtlsCertificates.generate(KeyType.EC_P521);
        host = AutoMtlsCertificates.generate();
    }

    private PluginListener startTlsListener(Network network) throws Exception {
        return PluginServerBuilder.forNetwork(resources, network,
                        ListenerOptions.defaults().withSocketDirectoryParent(parent))
                .addService(Health.servingPlugin().getHealthService())
                .sslContext(TlsContexts.server(plugin, host.certificate()))
                .directExecutor()
                .start();
    }

    @ParameterizedTest
    @EnumSource(Network.class)
    void mutualTlsHealthCheckAnswersServing(Network network) throws Exception {
        try (PluginListener listener = startTlsListener(network)) {
            assertThat(listener.isTls()).isTrue();
            assertServing(PluginChannelBuilder.forAddress(resources, listener.pluginAddress())
                    .sslContext(TlsContexts.client(host, plugin.certificate()))
                    .build());
        }
    }

    @ParameterizedTest
    @EnumSource(Network.class)
    void plaintextClientCannotTalkToTlsServer(Network network) throws Exception {
        try (PluginListener listener = startTlsListener(network)) {
            assertFails(PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build());
        }
    }

    @Test
    void clientPinningAnotherCertificateIsRefused() throws Exception {
        TlsIdentity stranger = AutoMtlsCertificates.generate();
        try (PluginListener listener = startTlsListener(Network.UNIX)) {
            assertFails(PluginChannelBuilder.forAddress(resources, listener.pluginAddress())
                    .sslContext(TlsContexts.client(host, stranger.certificate()))
                    .build());
        }
    }

    @Test
    void contextsOfTheWrongSideAreRejected() throws Exception {
        SslContext client = TlsContexts.client(host, plugin.certificate());
        SslContext server = TlsContexts.server(plugin, host.certificate());
        assertThatThrownBy(() -> PluginServerBuilder.forNetwork(resources, Network.UNIX, ListenerOptions.defaults())
                        .sslContext(client))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a plugin server needs a server SslContext, got a client one");
        assertThatThrownBy(() -> PluginChannelBuilder.forAddress(resources, "tcp", "127.0.0.1:1").sslContext(server))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a plugin channel needs a client SslContext, got a server one");
    }

    private static void assertFails(ManagedChannel channel) throws InterruptedException {
        try {
            assertThatThrownBy(() -> Health.check(channel))
                    .isInstanceOf(StatusRuntimeException.class)
                    .hasMessageStartingWith("UNAVAILABLE");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
