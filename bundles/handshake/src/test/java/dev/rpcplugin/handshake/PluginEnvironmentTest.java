package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.handshake.HandshakeException.Reason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginEnvironmentTest {

    @Test
    void cookieMessagesAreGoPluginsExactText() {
        assertThat(PluginEnvironment.NOT_STARTED_BY_HOST_MESSAGE).isEqualTo(
                "This binary is a plugin. These are not meant to be executed directly.\n"
                        + "Please execute the program that consumes these plugins, which will\n"
                        + "load any plugins automatically\n");
        assertThat(PluginEnvironment.MISCONFIGURED_COOKIE_MESSAGE).isEqualTo(
                "Misconfigured ServeConfig given to serve this plugin: no magic cookie\n"
                        + "key or value was set. Please notify the plugin author and report\n"
                        + "this as a bug.\n");
    }

    @Test
    void cookieCheckDistinguishesTheCases() {
        PluginEnvironment env = PluginEnvironment.from(Map.of("BASIC_PLUGIN", "hello", "EMPTY", ""));
        assertThat(env.checkCookie("BASIC_PLUGIN", "hello")).isEqualTo(CookieCheck.ACCEPTED);
        assertThat(env.checkCookie(new MagicCookie("BASIC_PLUGIN", "hello")).accepted()).isTrue();
        assertThat(env.checkCookie("BASIC_PLUGIN", "Hello")).isEqualTo(CookieCheck.WRONG_VALUE);
        assertThat(env.checkCookie("EMPTY", "x")).isEqualTo(CookieCheck.WRONG_VALUE);
        assertThat(env.checkCookie("OTHER", "hello")).isEqualTo(CookieCheck.MISSING);
        assertThat(env.checkCookie("", "hello")).isEqualTo(CookieCheck.MISCONFIGURED);
        assertThat(env.checkCookie("BASIC_PLUGIN", null)).isEqualTo(CookieCheck.MISCONFIGURED);
    }

    @Test
    void cookieCheckCarriesTextAndExitCode() {
        assertThat(CookieCheck.ACCEPTED.stderrMessage()).isEmpty();
        assertThat(CookieCheck.ACCEPTED.exitCode()).isZero();
        assertThat(CookieCheck.MISSING.stderrMessage()).isEqualTo(PluginEnvironment.NOT_STARTED_BY_HOST_MESSAGE);
        assertThat(CookieCheck.WRONG_VALUE.stderrMessage()).isEqualTo(PluginEnvironment.NOT_STARTED_BY_HOST_MESSAGE);
        assertThat(CookieCheck.MISCONFIGURED.stderrMessage()).isEqualTo(PluginEnvironment.MISCONFIGURED_COOKIE_MESSAGE);
        assertThat(CookieCheck.MISSING.exitCode()).isEqualTo(1);
        assertThat(CookieCheck.MISCONFIGURED.accepted()).isFalse();
    }

    @Test
    void hostVersionsAreParsedLikeGoAndBadOnesReported() {
        PluginEnvironment env = PluginEnvironment.from(Map.of("PLUGIN_PROTOCOL_VERSIONS", "5, 6,x,,+7,99999999999"));
        assertThat(env.hostProtocolVersions()).containsExactly(5, 7);
        assertThat(env.protocolVersionWarnings()).containsExactly("server sent invalid plugin version \" 6\"",
                "server sent invalid plugin version \"x\"", "server sent invalid plugin version \"\"");
    }

    @Test
    void missingVersionListIsEmpty() {
        PluginEnvironment env = PluginEnvironment.from(Map.of());
        assertThat(env.hostProtocolVersions()).isEmpty();
        assertThat(env.protocolVersionWarnings()).isEmpty();
        assertThat(env.negotiate(List.of(3, 2))).isEqualTo(new NegotiatedVersion(2, false));
    }

    @Test
    void negotiatesFromTheEnvironment() {
        PluginEnvironment env = PluginEnvironment.from(Map.of("PLUGIN_PROTOCOL_VERSIONS", "4,5"));
        assertThat(env.negotiate(List.of(3, 4, 5, 6))).isEqualTo(new NegotiatedVersion(5, true));
    }

    @Test
    void portRangeDefaultsToOsAssigned() throws HandshakeException {
        assertThat(PluginEnvironment.from(Map.of()).portRange()).isEqualTo(PortRange.OS_ASSIGNED);
        assertThat(PluginEnvironment.from(Map.of("PLUGIN_MIN_PORT", "10000", "PLUGIN_MAX_PORT", "+25000")).portRange())
                .isEqualTo(PortRange.DEFAULT);
        assertThat(PluginEnvironment.from(Map.of("PLUGIN_MAX_PORT", "20")).portRange()).isEqualTo(new PortRange(0, 20));
    }

    @Test
    void portRangeErrorsUseGoWording() {
        assertPortError(Map.of("PLUGIN_MIN_PORT", "ten"),
                "couldn't get value from PLUGIN_MIN_PORT: parsing \"ten\": invalid syntax");
        assertPortError(Map.of("PLUGIN_MAX_PORT", "4294967296"),
                "couldn't get value from PLUGIN_MAX_PORT: parsing \"4294967296\": value out of range");
        assertPortError(Map.of("PLUGIN_MIN_PORT", "30000", "PLUGIN_MAX_PORT", "20000"),
                "PLUGIN_MIN_PORT value of 30000 is greater than PLUGIN_MAX_PORT value of 20000");
        assertPortError(Map.of("PLUGIN_MIN_PORT", "-5", "PLUGIN_MAX_PORT", "20000"),
                "PLUGIN_MIN_PORT value of -5 is not a TCP port (0 to 65535)");
        assertPortError(Map.of("PLUGIN_MAX_PORT", "70000"), "PLUGIN_MAX_PORT value of 70000 is not a TCP port (0 to 65535)");
    }

    @Test
    void optionalSettingsTreatEmptyAsUnset() {
        PluginEnvironment env = PluginEnvironment.from(Map.of("PLUGIN_UNIX_SOCKET_DIR", "/tmp/rp",
                "PLUGIN_UNIX_SOCKET_GROUP", "", "PLUGIN_CLIENT_CERT", "-----BEGIN CERTIFICATE-----\nx\n"));
        assertThat(env.unixSocketDir()).contains("/tmp/rp");
        assertThat(env.unixSocketGroup()).isEmpty();
        assertThat(env.clientCertificatePem()).contains("-----BEGIN CERTIFICATE-----\nx\n");
        assertThat(PluginEnvironment.from(Map.of("PLUGIN_UNIX_SOCKET_GROUP", "100")).unixSocketGroup()).contains("100");
    }

    @Test
    void multiplexFlagFollowsGoRules() {
        assertMultiplex(Map.of(), false, false);
        assertMultiplex(Map.of("PLUGIN_MULTIPLEX_GRPC", "true"), true, true);
        assertMultiplex(Map.of("PLUGIN_MULTIPLEX_GRPC", "1"), true, true);
        // Go prints field 7 for any non-empty value but only multiplexes for a true boolean.
        assertMultiplex(Map.of("PLUGIN_MULTIPLEX_GRPC", "false"), false, true);
        assertMultiplex(Map.of("PLUGIN_MULTIPLEX_GRPC", "yes"), false, true);
        assertMultiplex(Map.of("PLUGIN_MULTIPLEX_GRPC", ""), false, false);
    }

    @Test
    void nullEntriesAreIgnoredAndTheMapIsCopied() {
        Map<String, String> raw = new HashMap<>();
        raw.put("K", null);
        raw.put(null, "v");
        raw.put("PLUGIN_UNIX_SOCKET_DIR", "/a");
        PluginEnvironment env = PluginEnvironment.from(raw);
        raw.put("PLUGIN_UNIX_SOCKET_DIR", "/b");
        assertThat(env.unixSocketDir()).contains("/a");
        assertThat(env.checkCookie("K", "v")).isEqualTo(CookieCheck.MISSING);
    }

    private static void assertMultiplex(Map<String, String> variables, boolean requested, boolean field) {
        PluginEnvironment env = PluginEnvironment.from(variables);
        assertThat(env.multiplexRequested()).as("requested %s", variables).isEqualTo(requested);
        assertThat(env.expectsMultiplexField()).as("field 7 %s", variables).isEqualTo(field);
    }

    private static void assertPortError(Map<String, String> variables, String message) {
        assertThatThrownBy(() -> PluginEnvironment.from(variables).portRange())
                .isInstanceOfSatisfying(HandshakeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ENVIRONMENT))
                .hasMessage(message);
    }
}
