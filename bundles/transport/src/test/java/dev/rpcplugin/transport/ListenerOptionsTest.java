package dev.rpcplugin.transport;

import org.junit.jupiter.api.Test;

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

    @Test
    void relativeParentIsMadeAbsolute() {
        assertThat(ListenerOptions.defaults().withSocketDirectoryParent(Path.of("sockets")).socketDirectoryParent())
                .isAbsolute();
    }
}
