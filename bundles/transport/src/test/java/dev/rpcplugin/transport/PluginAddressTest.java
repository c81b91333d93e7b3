package dev.rpcplugin.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginAddressTest {

    @Test
    void readsBothNetworks() {
        assertThat(PluginAddress.of("unix", "/tmp/run/plugin123"))
                .isEqualTo(new PluginAddress(Network.UNIX, "/tmp/run/plugin123"));
        assertThat(PluginAddress.of("tcp", "127.0.0.1:1234").network()).isEqualTo(Network.TCP);
        assertThat(PluginAddress.of("tcp", "[::1]:1234").address()).isEqualTo("[::1]:1234");
        assertThat(PluginAddress.of("tcp", "localhost:65535").address()).isEqualTo("localhost:65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "UNIX", "Tcp", "", "netrpc"})
    void unknownNetworkIsNamed(String network) {
        assertThatThrownBy(() -> PluginAddress.of(network, "/tmp/x"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessage("unknown address type: " + network);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", ":1234", "::1:1234", "[::1:1234", "[::1]1234:x",
            "]::1[:1234", "[]:1234", "127.0.0.1:abc", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:-1",
            "127.0.0.1:123456"})
    void malformedTcpAddressIsNamed(String address) {
        assertThatThrownBy(() -> PluginAddress.of("tcp", address))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageStartingWith("malformed tcp address '" + address + "'");
    }

    @Test
    void unixAddressMustBeAnAbsoluteShortPath() {
        assertThatThrownBy(() -> PluginAddress.of("unix", "")).isInstanceOf(InvalidAddressException.class)
                .hasMessage("unix socket address is empty");
        assertThatThrownBy(() -> PluginAddress.of("unix", "run/plugin1")).isInstanceOf(InvalidAddressException.class)
                .hasMessage("unix socket path is not absolute: run/plugin1");
        String tooLong = "/" + "x".repeat(107);
        assertThatThrownBy(() -> PluginAddress.of("unix", tooLong)).isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining(tooLong).hasMessageContaining("108 bytes").hasMessageContaining("107");
        assertThat(PluginAddress.of("unix", "/" + "x".repeat(106)).address()).hasSize(107);
        // the limit counts bytes of UTF-8, not characters
        assertThatThrownBy(() -> PluginAddress.of("unix", "/" + "ä".repeat(54)))
                .isInstanceOf(InvalidAddressException.class).hasMessageContaining("109 bytes");
    }

    @Test
    void factoriesFormatAddresses() {
        assertThat(PluginAddress.tcp("::1", 80).address()).isEqualTo("[::1]:80");
        assertThat(PluginAddress.tcp("127.0.0.1", 80)).hasToString("tcp|127.0.0.1:80");
        assertThat(PluginAddress.unix(Path.of("/tmp/a/plugin1"))).hasToString("unix|/tmp/a/plugin1");
    }

    @Test
    void networkWireNames() {
        assertThat(Network.fromWireName("unix")).isEqualTo(Network.UNIX);
        assertThat(Network.TCP.wireName()).isEqualTo("tcp");
        assertThat(Network.UNIX).hasToString("unix");
    }
}
