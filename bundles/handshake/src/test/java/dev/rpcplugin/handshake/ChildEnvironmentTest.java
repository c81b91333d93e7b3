package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    private static final MagicCookie COOKIE = new MagicCookie("BASIC_PLUGIN", "hello");
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final Map<String, String> HOST = Map.of("PATH", "/usr/bin", "HOME", "/root",
            "SECRET_TOKEN", "s3cr3t", "SHARED", "from-host");

    @Test
    void minimalEnvironmentHasGoPluginVariablesInGoOrder() {
        Map<String, String> env = ChildEnvironment.builder(COOKIE).protocolVersions(1).build();
        assertThat(env).containsExactly(entry("BASIC_PLUGIN", "hello"), entry("PLUGIN_MIN_PORT", "10000"),
                entry("PLUGIN_MAX_PORT", "25000"), entry("PLUGIN_PROTOCOL_VERSIONS", "1"));
    }

    @Test
    void optionalVariablesAreAddedWhenConfigured() {
        Map<String, String> env = ChildEnvironment.builder(COOKIE).protocolVersions(6, 5, 6)
                .portRange(new PortRange(20000, 20010)).multiplexGrpc(true).clientCertificatePem(PEM)
                .unixSocketGroup("plugins").unixSocketDir("/tmp/rp1").build();
        assertThat(env).containsExactly(entry("BASIC_PLUGIN", "hello"), entry("PLUGIN_MIN_PORT", "20000"),
                entry("PLUGIN_MAX_PORT", "20010"), entry("PLUGIN_PROTOCOL_VERSIONS", "5,6"),
                entry("PLUGIN_MULTIPLEX_GRPC", "true"), entry("PLUGIN_CLIENT_CERT", PEM),
                entry("PLUGIN_UNIX_SOCKET_GROUP", "plugins"), entry("PLUGIN_UNIX_SOCKET_DIR", "/tmp/rp1"));
    }

    @Test
    void inheritAllIsGoPluginOrderAppThenHostThenPluginVariables() {
        Map<String, String> app = new LinkedHashMap<>();
        app.put("SHARED", "from-app");
        app.put("APP_ONLY", "a");
        app.put("PLUGIN_MIN_PORT", "1");
        Map<String, String> env = ChildEnvironment.builder(COOKIE).protocolVersions(1).appEnvironment(app)
                .hostEnvironment(HOST, HostEnvironmentPolicy.inheritAll()).build();
        assertThat(env).containsEntry("SHARED", "from-host") // host overrides app (go-plugin issue 162)
                .containsEntry("APP_ONLY", "a")
                .containsEntry("SECRET_TOKEN", "s3cr3t")
                .containsEntry("PLUGIN_MIN_PORT", "10000"); // go-plugin variables win
        assertThat(List.copyOf(env.keySet())).containsExactly("APP_ONLY", "HOME", "PATH", "SECRET_TOKEN", "SHARED",
                "BASIC_PLUGIN", "PLUGIN_MIN_PORT", "PLUGIN_MAX_PORT", "PLUGIN_PROTOCOL_VERSIONS");
    }

    @Test
    void allowListPassesOnlyNamedHostVariables() {
        Map<String, String> env = ChildEnvironment.builder(COOKIE).protocolVersions(1)
                .appEnvironment(Map.of("SHARED", "from-app"))
                .hostEnvironment(HOST, HostEnvironmentPolicy.allowOnly("PATH", "NOT_SET")).build();
        assertThat(env).containsEntry("PATH", "/usr/bin").containsEntry("SHARED", "from-app")
                .doesNotContainKeys("SECRET_TOKEN", "HOME", "NOT_SET");
    }

    @Test
    void noHostVariablesUnlessAsked() {
        Map<String, String> env = ChildEnvironment.builder(COOKIE).protocolVersions(1).build();
        assertThat(env).doesNotContainKeys("PATH");
        Map<String, String> skipped = ChildEnvironment.builder(COOKIE).protocolVersions(1)
                .hostEnvironment(HOST, HostEnvironmentPolicy.none()).build();
        assertThat(skipped).hasSize(4);
    }

    @Test
    void aClientCertificateInTheHostsOwnEnvironmentIsNeverPassedOn() {
        // the host runs as a plugin of another host, which gave it this certificate
        Map<String, String> host = Map.of("PLUGIN_CLIENT_CERT", "inherited", "PATH", "/usr/bin");
        Map<String, String> plain = ChildEnvironment.builder(COOKIE).protocolVersions(1)
                .hostEnvironment(host, HostEnvironmentPolicy.inheritAll()).build();
        assertThat(plain).containsEntry("PATH", "/usr/bin").doesNotContainKey("PLUGIN_CLIENT_CERT");
        Map<String, String> allowed = ChildEnvironment.builder(COOKIE).protocolVersions(1)
                .hostEnvironment(host, HostEnvironmentPolicy.allowOnly("PLUGIN_CLIENT_CERT")).build();
        assertThat(allowed).doesNotContainKey("PLUGIN_CLIENT_CERT");
        Map<String, String> autoMtls = ChildEnvironment.builder(COOKIE).protocolVersions(1).clientCertificatePem(PEM)
                .hostEnvironment(host, HostEnvironmentPolicy.inheritAll()).build();
        assertThat(autoMtls).containsEntry("PLUGIN_CLIENT_CERT", PEM);
    }

    @Test
    void multiplexingInTheHostsOwnEnvironmentIsNeverPassedOn() {
        // a plugin told so by a variable its host happened to carry would speak yamux to a host without it
        Map<String, String> host = Map.of("PLUGIN_MULTIPLEX_GRPC", "true", "PATH", "/usr/bin");
        Map<String, String> inherited = ChildEnvironment.builder(COOKIE).protocolVersions(1)
                .hostEnvironment(host, HostEnvironmentPolicy.inheritAll()).build();
        assertThat(inherited).containsEntry("PATH", "/usr/bin").doesNotContainKey("PLUGIN_MULTIPLEX_GRPC");
        Map<String, String> allowed = ChildEnvironment.builder(COOKIE).protocolVersions(1)
                .hostEnvironment(host, HostEnvironmentPolicy.allowOnly("PLUGIN_MULTIPLEX_GRPC")).build();
        assertThat(allowed).doesNotContainKey("PLUGIN_MULTIPLEX_GRPC");
        Map<String, String> configured = ChildEnvironment.builder(COOKIE).protocolVersions(1).multiplexGrpc(true)
                .hostEnvironment(host, HostEnvironmentPolicy.inheritAll()).build();
        assertThat(configured).containsEntry("PLUGIN_MULTIPLEX_GRPC", "true");
    }

    @Test
    void hostCookieValueIsOverriddenByTheHostsOwnCookie() {
        Map<String, String> env = ChildEnvironment.builder(COOKIE).protocolVersions(1)
                .hostEnvironment(Map.of("BASIC_PLUGIN", "stale"), HostEnvironmentPolicy.inheritAll()).build();
        assertThat(env).containsEntry("BASIC_PLUGIN", "hello");
    }

    @Test
    void resultIsUnmodifiable() {
        Map<String, String> env = ChildEnvironment.builder(COOKIE).protocolVersions(1).build();
        assertThatThrownBy(() -> env.put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidInputsAreRejectedClearly() {
        ChildEnvironment.Builder builder = ChildEnvironment.builder(COOKIE);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("protocolVersions");
        assertThatThrownBy(() -> builder.protocolVersions()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> builder.protocolVersions(1, -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> builder.appEnvironment(Map.of("A=B", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"A=B\"");
        assertThatThrownBy(() -> builder.appEnvironment(Map.of("", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app environment");
        assertThatThrownBy(() -> builder.appEnvironment(Map.of("A", "x\0y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> builder.unixSocketDir("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLUGIN_UNIX_SOCKET_DIR");
        assertThatThrownBy(() -> builder.unixSocketGroup("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLUGIN_UNIX_SOCKET_GROUP");
        assertThatThrownBy(() -> builder.clientCertificatePem("not pem"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PLUGIN_CLIENT_CERT");
    }

    @Test
    void cookieAndPortRangeValidateThemselves() {
        assertThatThrownBy(() -> new MagicCookie("", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-empty");
        assertThatThrownBy(() -> new MagicCookie("K", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MagicCookie("K=1", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"K=1\"");
        assertThatThrownBy(() -> new PortRange(25000, 10000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MIN_PORT value of 25000 is greater than PLUGIN_MAX_PORT value of 10000");
        assertThatThrownBy(() -> new PortRange(-1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> new PortRange(1, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PortRange.OS_ASSIGNED.osAssigned()).isTrue();
        assertThat(PortRange.DEFAULT.osAssigned()).isFalse();
        assertThat(COOKIE.matches(Map.of("BASIC_PLUGIN", "hello"))).isTrue();
        assertThat(COOKIE.toString()).doesNotContain("hello");
    }

    @Test
    void hostPolicyDescribesItself() {
        assertThat(HostEnvironmentPolicy.inheritAll().inheritsAll()).isTrue();
        assertThat(HostEnvironmentPolicy.allowOnly(List.of("B", "A")).allowedNames()).containsExactly("A", "B");
        assertThat(HostEnvironmentPolicy.none().allowedNames()).isEmpty();
        assertThat(HostEnvironmentPolicy.none()).isEqualTo(HostEnvironmentPolicy.allowOnly())
                .isNotEqualTo(HostEnvironmentPolicy.inheritAll());
        assertThat(HostEnvironmentPolicy.allowOnly("PATH").select(HOST)).containsExactly(entry("PATH", "/usr/bin"));
        assertThatThrownBy(() -> HostEnvironmentPolicy.allowOnly("A=B")).isInstanceOf(IllegalArgumentException.class);
    }
}
