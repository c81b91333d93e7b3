package dev.rpcplugin.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnectionListingTest {

    static Map<String, Object> registration(String plugin, long serviceId, Object ranking) {
        return Map.of(
                "service.id", serviceId,
                "service.ranking", ranking,
                "plugin.name", plugin,
                "plugin.instance.id", plugin + "-" + serviceId,
                "plugin.tls", Boolean.FALSE,
                "grpc.service", new String[] {"proto.KV", "grpc.health.v1.Health"},
                "objectClass", new String[] {"dev.rpcplugin.api.PluginConnection"});
    }

    @Test
    void showsThePropertiesOfThePluginsRegistrationsSortedByKey() {
        String listing = ConnectionListing.render("kv", "SERVING",
                List.of(registration("other", 7L, 0), registration("kv", 42L, 0)));

        assertThat(listing).isEqualTo(
                "plugin \"kv\": 1 PluginConnection service\n"
                        + "service.id 42\n"
                        + "  grpc.service:       [proto.KV, grpc.health.v1.Health]\n"
                        + "  objectClass:        [dev.rpcplugin.api.PluginConnection]\n"
                        + "  plugin.instance.id: kv-42\n"
                        + "  plugin.name:        kv\n"
                        + "  plugin.tls:         false\n"
                        + "  service.id:         42\n"
                        + "  service.ranking:    0");
    }

    @Test
    void listsTheRegistrationAConsumerGetsFirstFirst() {
        String listing = ConnectionListing.render("kv", "SERVING", List.of(
                registration("kv", 50L, 0),
                registration("kv", 51L, 10),
                registration("kv", 49L, 0),
                registration("kv", 52L, "10")));

        assertThat(listing.lines().filter(line -> line.startsWith("service.id")))
                .containsExactly("service.id 51", "service.id 49", "service.id 50", "service.id 52");
        assertThat(listing).startsWith("plugin \"kv\": 4 PluginConnection services\n");
    }

    @Test
    void saysSoWhenThePluginHasNoRegistration() {
        assertThat(ConnectionListing.render("kv", "BACKING_OFF", List.of(registration("other", 7L, 0))))
                .isEqualTo("plugin \"kv\" has no registered PluginConnection service (state BACKING_OFF)");
    }

    @Test
    void printsArraysOfPrimitivesAndNullsReadably() {
        assertThat(ConnectionListing.valueText(new int[] {1, 2})).isEqualTo("[1, 2]");
        assertThat(ConnectionListing.valueText(new String[0])).isEqualTo("[]");
        assertThat(ConnectionListing.valueText(null)).isEqualTo("null");
        assertThat(ConnectionListing.valueText(List.of("a", "b"))).isEqualTo("[a, b]");
    }
}
