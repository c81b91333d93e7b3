package dev.rpcplugin.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerOptionsTest {

    private static final Path JAVA_TMP = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();

    @Test
    void defaultsUseJavaTempDirAndOsAssignedPort() {
        ListenerOptions options = ListenerOptions.defaults();
        assertThat(options.socketDirectoryParent()).isEqualTo(JAVA_TMP);
        assertThat(options.socketGroup()).isEmpty();
        assertThat(options.minPort()).isZero();
        assertThat(options.maxPort()).isZero();
        assertThat(ListenerOptions.fromEnvironment(Map.of())).isEqualTo(options);
    }

    @Test
    void socketDirectoryComesFromPluginVariableThenTmpdir() {
        assertThat(ListenerOptions.fromEnvironment(Map.of("PLUGIN_UNIX_SOCKET_DIR", "/run/a", "TMPDIR", "/run/b"))
                .socketDirectoryParent()).isEqualTo(Path.of("/run/a"));
        assertThat(ListenerOptions.fromEnvironment(Map.of("PLUGIN_UNIX_SOCKET_DIR", "", "TMPDIR", "/run/b"))
                .socketDirectoryParent()).isEqualTo(Path.of("/run/b"));
        assertThat(ListenerOptions.fromEnvironment(Map.of("TMPDIR", ""))
                .socketDirectoryParent()).isEqualTo(JAVA_TMP);
    }

    @Test
    void groupAndPortsComeFromEnvironment() {
        ListenerOptions options = ListenerOptions.fromEnvironment(Map.of(
                "PLUGIN_UNIX_SOCKET_GROUP", "plugins", "PLUGIN_MIN_PORT", "10000", "PLUGIN_MAX_PORT", "25000"));
        assertThat(options.socketGroup()).contains("plugins");
        assertThat(options.minPort()).isEqualTo(10000);
        assertThat(options.maxPort()).isEqualTo(25000);
        assertThat(options.withSocketGroup(" ").socketGroup()).isEmpty();
    }

    @Test
    void badPortVariablesAreNamed() {
        assertThatThrownBy(() -> ListenerOptions.fromEnvironment(Map.of("PLUGIN_MIN_PORT", "ten")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MIN_PORT is not a port number: 'ten'");
        assertThatThrownBy(() -> ListenerOptions.fromEnvironment(Map.of("PLUGIN_MAX_PORT", "70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MAX_PORT 70000 is outside 0..65535");
        assertThatThrownBy(() -> ListenerOptions.fromEnvironment(
                        Map.of("PLUGIN_MIN_PORT", "20000", "PLUGIN_MAX_PORT", "10000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MIN_PORT value of 20000 is greater than PLUGIN_MAX_PORT value of 10000");
        assertThatThrownBy(() -> ListenerOptions.defaults().withPortRange(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("min port value of 5 is greater than max port value of 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 1", "1 ", " ", "\u0661", "\uFF10", "1_000", "0x10", "+", "-", "2147483648", "99999999999"})
    void portVariablesAreParsedAsGoParsesThem(String value) {
        assertThatThrownBy(() -> ListenerOptions.fromEnvironment(Map.of("PLUGIN_MIN_PORT", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MIN_PORT is not a port number: '" + value + "'");
        assertThatThrownBy(() -> ListenerOptions.fromEnvironment(Map.of("PLUGIN_MAX_PORT", value), Network.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MAX_PORT is not a port number: '" + value + "'");
    }

    @Test
    void signsAndLeadingZerosAreAcceptedAsGoAcceptsThem() {
        ListenerOptions options = ListenerOptions.fromEnvironment(
                Map.of("PLUGIN_MIN_PORT", "+010000", "PLUGIN_MAX_PORT", "25000"), Network.TCP);
        assertThat(options.minPort()).isEqualTo(10000);
        assertThat(options.maxPort()).isEqualTo(25000);
        assertThat(ListenerOptions.fromEnvironment(Map.of("PLUGIN_MAX_PORT", "-0"), Network.TCP).maxPort()).isZero();
        assertThatThrownBy(() -> ListenerOptions.fromEnvironment(Map.of("PLUGIN_MIN_PORT", "-1"), Network.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MIN_PORT -1 is outside 0..65535");
    }

    @Test
    void unixListenersReadOnlyTheSocketVariables() {
        Map<String, String> env = Map.of("PLUGIN_MIN_PORT", "ten", "PLUGIN_MAX_PORT", "70000",
                "PLUGIN_UNIX_SOCKET_DIR", "/run/a", "PLUGIN_UNIX_SOCKET_GROUP", "plugins");

        ListenerOptions options = ListenerOptions.fromEnvironment(env, Network.UNIX);

        assertThat(options.socketDirectoryParent()).isEqualTo(Path.of("/run/a"));
        assertThat(options.socketGroup()).contains("plugins");
        assertThat(options.minPort()).isZero();
        assertThat(options.maxPort()).isZero();
    }

    @Test
    void tcpListenersReadOnlyThePortVariables() {
        ListenerOptions options = ListenerOptions.fromEnvironment(Map.of("PLUGIN_MIN_PORT", "10000",
                "PLUGIN_MAX_PORT", "10010", "PLUGIN_UNIX_SOCKET_DIR", "/run/a", "PLUGIN_UNIX_SOCKET_GROUP", "plugins"),
                Network.TCP);

        assertThat(options).isEqualTo(ListenerOptions.defaults().withPortRange(10000, 10010));
        assertThatThrownBy(() -> ListenerOptions.fromEnvironment(Map.of("PLUGIN_MIN_PORT", "ten"), Network.TCP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLUGIN_MIN_PORT is not a port number: 'ten'");
    }

    @Test
    void relativeParentIsMadeAbsolute() {
        assertThat(ListenerOptions.defaults().withSocketDirectoryParent(Path.of("sockets")).socketDirectoryParent())
                .isAbsolute();
    }
}
