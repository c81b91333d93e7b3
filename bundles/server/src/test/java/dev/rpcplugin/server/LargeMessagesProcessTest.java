package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.protocol.LargeMessageParsing;
import org.junit.jupiter.api.Test;

/** The app's services parse large requests with one copy, as the plugin SDK registers them. */
class LargeMessagesProcessTest {

    @Test
    void largeRequestsShareOneArraySmallOnesAreParsedAsGrpcJavaDoes() throws Exception {
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment())) {
            try (HostSide host = new HostSide(plugin.nextStdoutLine().split("\\|", -1))) {
                String large = "x".repeat(LargeMessageParsing.THRESHOLD_BYTES * 4);
                host.put("large", large);
                host.put("small", "x".repeat(100));

                assertThat(host.get("large")).isEqualTo(large);
                assertThat(host.get("shared:large")).isEqualTo("true");
                assertThat(host.get("shared:small")).isEqualTo("false");
                host.shutdown();
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
        }
    }
}
