package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.handshake.HandshakeException;
import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the host's listener variables as go-plugin does (no sockets are opened here). */
class ListenerOpenerTest {

    private static ListenerOpener opener(Map<String, String> env) {
        return new ListenerOpener(PluginEnvironment.from(env), env, null,
                PluginLogger.writingTo(new ByteArrayOutputStream(), LogLevel.OFF));
    }

    @Test
    void socketDirectoryComesFromTheHostThenTmpdirThenJava() throws Exception {
        assertThat(opener(Map.of("PLUGIN_UNIX_SOCKET_DIR", "/run/a", "TMPDIR", "/tmp/b")).optionsFor(Network.UNIX)
                .socketDirectoryParent()).isEqualTo(Path.of("/run/a"));
        assertThat(opener(Map.of("TMPDIR", "/tmp/b")).optionsFor(Network.UNIX).socketDirectoryParent())
                .isEqualTo(Path.of("/tmp/b"));
        assertThat(opener(Map.of()).optionsFor(Network.UNIX).socketDirectoryParent())
                .isEqualTo(ListenerOptions.defaults().socketDirectoryParent());
    }

    @Test
    void socketGroupIsPassedOn() throws Exception {
        assertThat(opener(Map.of("PLUGIN_UNIX_SOCKET_GROUP", "plugins")).optionsFor(Network.UNIX).socketGroup())
                .contains("plugins");
    }

    @Test
    void portRangeIsOnlyReadForTcp() throws Exception {
        Map<String, String> bad = Map.of("PLUGIN_MIN_PORT", "9", "PLUGIN_MAX_PORT", "x");
        assertThat(opener(bad).optionsFor(Network.UNIX)).isNotNull();
        assertThatThrownBy(() -> opener(bad).optionsFor(Network.TCP)).isInstanceOf(HandshakeException.class)
                .hasMessageContaining("PLUGIN_MAX_PORT");
        ListenerOptions tcp = opener(Map.of("PLUGIN_MIN_PORT", "10000", "PLUGIN_MAX_PORT", "10010"))
                .optionsFor(Network.TCP);
        assertThat(tcp.minPort()).isEqualTo(10000);
        assertThat(tcp.maxPort()).isEqualTo(10010);
        assertThat(opener(Map.of()).optionsFor(Network.TCP).minPort()).isZero();
    }
}
