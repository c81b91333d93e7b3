package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.assertEmpty;
import static dev.rpcplugin.client.TestSupport.assertNoProcessesLeft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real go-plugin 1.0.1 KV plugin built under integration-tests/go (skipped when it has not
 * been built): handshake, AutoMTLS with its P-521 certificate, hclog forwarding, Shutdown and exit 0.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoPluginInteropTest {

    @TempDir
    Path sockets;

    private PluginHost host;

    @BeforeEach
    void createHost() {
        assumeTrue(GoKv.available(), "Go KV plugin not built at " + GoKv.PLUGIN);
        host = PluginHost.builder().socketDirectoryParent(sockets).build();
    }

    @AfterEach
    void closeHost() throws Exception {
        if (host != null) {
            host.close();
            assertNoProcessesLeft();
            assertEmpty(sockets);
        }
    }

    private PluginClient start(boolean autoMtls) throws PluginStartException {
        return PluginClient.builder(host).command(GoKv.PLUGIN.toString()).magicCookie("BASIC_PLUGIN", "hello")
                .environment("KV_PLUGIN_MEMORY", "1").autoMtls(autoMtls).build().start();
    }

    @Test
    void plaintextPutGetAndGracefulExit() throws Exception {
        PluginClient kv = start(false);
        GoKv.put(kv.channel(), "k", "v1");
        assertThat(GoKv.get(kv.channel(), "k")).isEqualTo("v1");
        kv.kill();
        assertThat(kv.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }

    @Test
    void autoMtlsWithGoPluginsP521Certificate() throws Exception {
        PluginClient kv = start(true);
        assertThat(kv.tls()).isTrue();
        GoKv.put(kv.channel(), "secret", "s");
        assertThat(GoKv.get(kv.channel(), "secret")).isEqualTo("s");
        kv.kill();
        assertThat(kv.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }

    @Test
    void hclogLinesKeepTheirLevels() throws Exception {
        try (StderrCapture capture = new StderrCapture()) {
            PluginClient kv = start(false);
            GoKv.put(kv.channel(), "warn-me", "x");
            GoKv.put(kv.channel(), "error-me", "x");
            capture.awaitLine(line -> line.contains("INFO plugin.kv-plugin - put key=warn-me"));
            capture.awaitLine(line -> line.contains("WARN plugin.kv-plugin - warn requested key=warn-me"));
            capture.awaitLine(line -> line.contains("ERROR plugin.kv-plugin - ") && line.contains("key=error-me"));
            kv.kill();
        }
    }
}
