package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.transport.Network;
import dev.rpcplugin.examples.kv.KVGrpc;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are refused with messages that name the bad value. */
class PluginServerBuilderTest {

    private static final class Health extends HealthGrpc.HealthImplBase {
    }

    private static final class Kv extends KVGrpc.KVImplBase {
    }

    @Test
    void needsAtLeastOneVersion() {
        assertThatThrownBy(() -> PluginServer.builder().magicCookie("K", "V").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("versionedServices");
    }

    @Test
    void refusesNegativeVersions() {
        assertThatThrownBy(() -> PluginServer.builder().versionedServices(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> PluginServer.builder().versionedServices(-2, context -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    }

    @Test
    void refusesTheSameServiceTwiceInOneVersionButNotAcrossVersions() {
        PluginServerBuilder builder = PluginServer.builder().versionedServices(1, new Kv())
                .versionedServices(2, new Kv());
        assertThatThrownBy(() -> builder.versionedServices(1, new Kv()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proto.KV").hasMessageContaining("version 1");
    }

    @Test
    void refusesAServiceThePluginServesItself() {
        assertThatThrownBy(() -> PluginServer.builder().versionedServices(1, new Health()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service grpc.health.v1.Health is one the plugin serves itself (health with service"
                        + " \"plugin\" SERVING, controller, stdio, broker and reflection); the app's would never be"
                        + " called");
    }

    @Test
    void refusesEmptyOrRepeatedNetworks() {
        assertThatThrownBy(() -> PluginServer.builder().allowedNetworks())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[]");
        assertThatThrownBy(() -> PluginServer.builder().allowedNetworks(Network.TCP, Network.TCP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[tcp, tcp]");
    }

    @Test
    void refusesBadDurationsAndSizes() {
        assertThatThrownBy(() -> PluginServer.builder().hostCheckInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> PluginServer.builder().shutdownGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> PluginServer.builder().maxInboundMessageSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void anEmptyCookieIsLeftForServeToReportAsGoPluginDoes() {
        PluginServer server = PluginServer.builder().magicCookie("", null).versionedServices(1).build();
        assertThat(server.logger().name()).isEmpty();
        assertThat(server.logger("kv").name()).isEqualTo("kv");
    }
}
