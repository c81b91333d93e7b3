package dev.rpcplugin.examples.counter.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.GetRequest;
import dev.rpcplugin.examples.support.testing.Examples;
import dev.rpcplugin.examples.support.testing.ScriptTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bin/counter-plugin started as a host starts it; the test serves AddHelper over the broker. */
@Timeout(60)
class CounterPluginIT extends ScriptTest {

    private static long get(PluginClient client, String key) {
        return client.newStub(CounterGrpc::newBlockingStub).get(GetRequest.newBuilder().setKey(key).build()).getValue();
    }

    @Test
    void addsThroughTheBrokerAndKeepsCountersInFiles() throws Exception {
        Files.writeString(work.resolve("counter_broken"), "not a number");
        try (PluginHost host = PluginHost.create()) {
            PluginClient client = Examples.pluginClient(host, Examples.script("counter-plugin"), "BASIC_PLUGIN",
                    "hello", work).build().start();
            assertThat(get(client, "total")).isZero();

            Adder.put(client, "total", 40);
            Adder.put(client, "total", 2);

            assertThat(get(client, "total")).isEqualTo(42);
            assertThat(Files.readString(work.resolve("counter_total"))).isEqualTo("42");
            assertThatThrownBy(() -> get(client, "broken")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
                assertThat(e.getStatus().getDescription())
                        .isEqualTo("stored counter \"broken\" is not an integer: \"not a number\"");
            });
        }
    }

    @Test
    void countsInMemoryWhenAskedAndServesAutoMtls() throws Exception {
        try (PluginHost host = PluginHost.create()) {
            PluginClient client = Examples.pluginClient(host, Examples.script("counter-plugin"), "BASIC_PLUGIN",
                    "hello", work).environment("COUNTER_PLUGIN_MEMORY", "1").autoMtls(true).build().start();

            Adder.put(client, "n", 5);

            assertThat(get(client, "n")).isEqualTo(5);
        }
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }
}
