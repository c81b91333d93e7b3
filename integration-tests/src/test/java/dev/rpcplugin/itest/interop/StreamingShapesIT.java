package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginClientBuilder;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * All four gRPC call shapes between our host and our plugin (the streaming example's
 * {@code DataProcessor}, started from its launcher script), over a Unix socket, with AutoMTLS and in
 * plaintext, and over TCP with AutoMTLS; a plugin that cannot make its socket does not fall back to
 * plaintext TCP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamingShapesIT extends InWorkspace {

    private PluginHost host;

    @AfterEach
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    /**
     * The plugin listens on a Unix socket when it can and, with TLS only, falls back to 127.0.0.1 when it
     * cannot; no go-plugin variable lets a host ask for TCP. For TCP the host's socket directory is
     * therefore put so deep that no socket path in it fits the 107-byte limit.
     */
    private Path socketParent(String network) throws Exception {
        if (network.equals("unix")) {
            return workspace.tmp();
        }
        return workspace.longDirectory(110);
    }

    @ParameterizedTest(name = "{0}, autoMtls={1}")
    @CsvSource({"unix, false", "unix, true", "tcp, true"})
    void unaryServerStreamClientStreamAndBidi(String network, boolean autoMtls) throws Exception {
        host = PluginHost.builder().socketDirectoryParent(socketParent(network)).build();
        PluginClient plugin = streamingPlugin(autoMtls).build().start();
        try {
            assertThat(plugin.network()).isEqualTo(network);
            if (network.equals("tcp")) {
                assertThat(plugin.address()).matches("127\\.0\\.0\\.1:\\d+");
            } else {
                assertThat(plugin.address()).startsWith(workspace.tmp().toString());
            }
            assertThat(plugin.tls()).isEqualTo(autoMtls);

            DataProcessorCalls calls = new DataProcessorCalls(plugin.channel());
            calls.unary();
            calls.serverStream(1000, 64 * 1024);
            calls.clientStream(64, 64 * 1024);
            calls.bidi(1000);
        } finally {
            plugin.kill();
        }
        assertThat(plugin.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }

    @Test
    void aPluginThatCannotMakeItsSocketFailsRatherThanListenOnPlaintextTcp() throws Exception {
        host = PluginHost.builder().socketDirectoryParent(socketParent("tcp")).build();
        PluginClient plugin = streamingPlugin(false).build();
        assertThatThrownBy(plugin::start).isInstanceOfSatisfying(PluginStartException.class,
                e -> assertThat(e.reason()).isEqualTo(PluginStartException.Reason.EXITED_BEFORE_HANDSHAKE))
                .hasMessageContaining("longer than the limit of 107 bytes")
                .hasMessageContaining("tcp: not tried, since a plaintext TCP port is open to every local user");
    }

    private PluginClientBuilder streamingPlugin(boolean autoMtls) {
        return PluginClient.builder(host).command(Peers.example("streaming-plugin").toString())
                .magicCookie("DATA_PROCESSOR", "stream")
                .hostEnvironmentAllowList(List.of("PATH", "HOME", "JAVA_HOME"))
                .environment(workspace.environment())
                .workingDirectory(workspace.work())
                .autoMtls(autoMtls)
                .startTimeout(Duration.ofSeconds(15))
                // exit 0 is asserted: a JVM on a loaded machine may need more than the default 2 s
                .stopGrace(Duration.ofSeconds(10));
    }
}
