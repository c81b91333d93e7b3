package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.security.AutoMtlsCertificates;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handshake's app version, network and field 7 follow the host's variables as in go-plugin. */
class NegotiationProcessTest {

    @Test
    void picksTheHighestVersionBothSidesHaveAndServesThatSet() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_PROTOCOL_VERSIONS", "1,2");
        try (PluginProcess plugin = PluginProcess.start(env, "versions=1,2,3")) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(fields[1]).isEqualTo("2");
            try (HostSide host = new HostSide(fields)) {
                assertThat(host.get("version")).as("the services of version 2 answer").isEqualTo("2");
                host.shutdown();
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
        }
    }

    @Test
    void withoutACommonVersionReportsItsLowestAndWarnsAboutJunkEntries() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_PROTOCOL_VERSIONS", "7,x");
        try (PluginProcess plugin = PluginProcess.start(env, "versions=3,2")) {
            String line = plugin.nextStdoutLine();
            assertThat(line.split("\\|", -1)[1]).isEqualTo("2");
            assertThat(plugin.awaitStderr(l -> l.contains("server sent invalid plugin version \\\"x\\\""),
                    PluginProcess.START_TIMEOUT)).contains("\"@level\":\"warn\"");
        }
    }

    @Test
    void listensOnLoopbackTcpWithinThePortRangeWhenAsked() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_MIN_PORT", "23100");
        env.put("PLUGIN_MAX_PORT", "23199");
        try (PluginProcess plugin = PluginProcess.start(env, "networks=tcp")) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(fields).hasSize(6);
            assertThat(fields[2]).isEqualTo("tcp");
            assertThat(fields[3]).matches("127\\.0\\.0\\.1:231\\d\\d");
            try (HostSide host = new HostSide(fields)) {
                host.put("k", "over tcp");
                assertThat(host.get("k")).isEqualTo("over tcp");
                host.shutdown();
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
        }
    }

    @Test
    void anUnusablePortRangeFailsTheStartWithAClearError() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_MIN_PORT", "500");
        env.put("PLUGIN_MAX_PORT", "400");
        try (PluginProcess plugin = PluginProcess.start(env, "networks=tcp")) {
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isEqualTo(1);
            assertThat(plugin.remainingStdout()).isEmpty();
            assertThat(String.join("\n", plugin.stderr())).contains("plugin init error",
                    "PLUGIN_MIN_PORT value of 500 is greater than PLUGIN_MAX_PORT value of 400");
        }
    }

    @Test
    void aSocketThatCannotBeMadeFailsTheStartRatherThanFallBackToPlaintextTcp() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_UNIX_SOCKET_DIR", "/nonexistent-socket-parent");
        try (PluginProcess plugin = PluginProcess.start(env)) {
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isEqualTo(1);
            assertThat(plugin.remainingStdout()).isEmpty();
            assertThat(String.join("\n", plugin.stderr())).contains("plugin init error",
                    "/nonexistent-socket-parent", "tcp: not tried, since a plaintext TCP port is open to every local user")
                    .doesNotContain("trying the next network");
        }
    }

    @Test
    void aSocketThatCannotBeMadeFallsBackToTcpWithAutoMtlsOrWhenTheAppAllowsPlaintextTcp() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_UNIX_SOCKET_DIR", "/nonexistent-socket-parent");
        Map<String, String> autoMtls = new java.util.HashMap<>(env);
        autoMtls.put("PLUGIN_CLIENT_CERT", AutoMtlsCertificates.generate().certificatePem());
        try (PluginProcess plugin = PluginProcess.start(autoMtls)) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(fields[2]).isEqualTo("tcp");
            assertThat(fields[5]).as("its certificate").isNotEmpty();
        }
        try (PluginProcess plugin = PluginProcess.start(env, "networks=unix,tcp")) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(fields[2]).isEqualTo("tcp");
            try (HostSide host = new HostSide(fields)) {
                host.put("k", "plaintext, as the app asked");
                assertThat(host.get("k")).isEqualTo("plaintext, as the app asked");
            }
        }
    }

    @Test
    void printsFieldSevenAsFalseOnlyWhenTheHostAsksForMultiplexing() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_MULTIPLEX_GRPC", "true");
        try (PluginProcess plugin = PluginProcess.start(env)) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(fields).hasSize(7);
            assertThat(fields[5]).isEmpty();
            assertThat(fields[6]).isEqualTo("false");
        }
    }
}
