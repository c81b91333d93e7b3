package dev.rpcplugin.examples.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluginNamesTest {

    @Test
    void namesThePluginAfterTheProgramTheCommandRuns() {
        assertThat(PluginNames.of("/opt/examples/kv-plugin/bin/kv-plugin")).isEqualTo("kv-plugin");
        assertThat(PluginNames.of("  KV_PLUGIN_MEMORY=1 exec ./bin/kv-plugin --flag")).isEqualTo("kv-plugin");
        assertThat(PluginNames.of("counter-plugin")).isEqualTo("counter-plugin");
        assertThat(PluginNames.of("exec '/opt/examples/bin/streaming-plugin'")).isEqualTo("streaming-plugin");
    }

    @Test
    void fallsBackToPluginForWordsThatAreNoFileName() {
        assertThat(PluginNames.of("exec \"$PLUGIN\"")).isEqualTo("plugin");
        assertThat(PluginNames.of("A=1 B=2")).isEqualTo("plugin");
        assertThat(PluginNames.of("")).isEqualTo("plugin");
    }
}
