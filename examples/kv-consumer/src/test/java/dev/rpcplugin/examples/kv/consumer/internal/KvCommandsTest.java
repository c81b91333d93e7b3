package dev.rpcplugin.examples.kv.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginDescription;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

class KvCommandsTest {

    private final List<InProcessPlugin> plugins = new ArrayList<>();
    private final Terminal terminal = new Terminal();
    private final KvCommands commands = new KvCommands(KvCommands.DEFAULT_DEADLINE, () -> terminal.out);

    @AfterEach
    void closePlugins() throws InterruptedException {
        for (InProcessPlugin plugin : plugins) {
            plugin.close();
        }
    }

    private InProcessPlugin plugin(String name, BindableService service) throws Exception {
        InProcessPlugin plugin = new InProcessPlugin(name, service);
        plugins.add(plugin);
        return plugin;
    }

    @Test
    void withoutAPluginBothCommandsSaySoInsteadOfThrowing() {
        assertThat(terminal.printedBy(() -> commands.put("a", "1"))).isEqualTo("no KV plugin available");
        assertThat(terminal.printedBy(() -> commands.get("a"))).isEqualTo("no KV plugin available");
    }

    @Test
    void putThenGetRoundTripsTheValueAsUtf8() throws Exception {
        MemoryKv kv = new MemoryKv();
        commands.connection = plugin("kv", kv);

        assertThat(terminal.printedBy(() -> commands.put("greeting", "grüße ✓")))
                .isEqualTo("stored \"greeting\" in plugin kv");
        assertThat(terminal.printedBy(() -> commands.get("greeting"))).isEqualTo("grüße ✓");
        assertThat(kv.values.get("greeting").toByteArray()).isEqualTo("grüße ✓".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGrpcErrorIsOneLineWithItsStatus() throws Exception {
        commands.connection = plugin("kv", new MemoryKv());

        assertThat(terminal.printedBy(() -> commands.get("x")))
                .isEqualTo("kv:get: NOT_FOUND: no value for key \"x\"");
    }

    @Test
    void everyCallCarriesTheDeadline() throws Exception {
        MemoryKv kv = new MemoryKv();
        commands.connection = plugin("kv", kv);

        commands.put("a", "1");

        assertThat(kv.lastDeadline).isNotNull();
        assertThat(kv.lastDeadline.timeRemaining(TimeUnit.MILLISECONDS))
                .isPositive().isLessThanOrEqualTo(KvCommands.DEFAULT_DEADLINE.toMillis());
    }

    @Test
    void aPluginThatNeverAnswersEndsInDeadlineExceeded() throws Exception {
        KvCommands impatient = new KvCommands(Duration.ofMillis(200), () -> terminal.out);
        impatient.connection = plugin("silent", new KVGrpc.KVImplBase() {
            @Override
            public void get(GetRequest request, StreamObserver<GetResponse> response) {
                // never answers
            }
        });

        String outcome = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> terminal.printedBy(() -> impatient.get("a")));

        assertThat(outcome).startsWith("kv:get: DEADLINE_EXCEEDED").doesNotContain("\n");
    }

    @Test
    void followsPluginsAsTheyComeAndGo() throws Exception {
        commands.connection = plugin("first", new MemoryKv());
        assertThat(terminal.printedBy(() -> commands.put("a", "1"))).isEqualTo("stored \"a\" in plugin first");

        commands.connection = null;
        assertThat(terminal.printedBy(() -> commands.get("a"))).isEqualTo("no KV plugin available");

        commands.connection = plugin("second", new MemoryKv());
        assertThat(terminal.printedBy(() -> commands.get("a")))
                .isEqualTo("kv:get: NOT_FOUND: no value for key \"a\"");
        assertThat(terminal.printedBy(() -> commands.put("a", "2"))).isEqualTo("stored \"a\" in plugin second");
        assertThat(terminal.printedBy(() -> commands.get("a"))).isEqualTo("2");
    }

    @Test
    void aCallCaughtInASwapIsRepeatedOnTheNewPlugin() throws Exception {
        MemoryKv newKv = new MemoryKv();
        InProcessPlugin replacement = plugin("new", newKv);
        InProcessPlugin drained = plugin("old", new MemoryKv());
        drained.shutDownChannel();
        commands.connection = rebindingOnUse(drained, replacement);

        assertThat(terminal.printedBy(() -> commands.put("a", "1"))).isEqualTo("stored \"a\" in plugin new");
        assertThat(newKv.values).containsKey("a");
    }

    @Test
    void aPluginThatGoesAwayDuringACallWithoutReplacementIsReported() throws Exception {
        InProcessPlugin drained = plugin("old", new MemoryKv());
        drained.shutDownChannel();
        commands.connection = rebindingOnUse(drained, null);

        assertThat(terminal.printedBy(() -> commands.get("a")))
                .isEqualTo("no KV plugin available (the plugin went away during kv:get)");
    }

    @Test
    void anUnavailablePluginThatIsStillBoundIsReportedWithItsStatus() throws Exception {
        InProcessPlugin drained = plugin("old", new MemoryKv());
        drained.shutDownChannel();
        commands.connection = drained;

        assertThat(terminal.printedBy(() -> commands.get("a")))
                .startsWith("kv:get: UNAVAILABLE").doesNotContain("\n");
    }

    @Test
    void missingArgumentsAreMessages() {
        assertThat(terminal.printedBy(() -> commands.put(null, "1")))
                .isEqualTo("kv:put: KEY and VALUE are required");
        assertThat(terminal.printedBy(() -> commands.put("a", null)))
                .isEqualTo("kv:put: KEY and VALUE are required");
        assertThat(terminal.printedBy(() -> commands.get(null))).isEqualTo("kv:get: KEY is required");
    }

    @Test
    void describeFoldsLinesAndFallsBackToTheCause() {
        assertThat(KvCommands.describe("kv:get", Status.INTERNAL.withDescription("first\n  second\n")))
                .isEqualTo("kv:get: INTERNAL: first | second");
        assertThat(KvCommands.describe("kv:put", Status.UNAVAILABLE.withCause(new IOException("reset"))))
                .isEqualTo("kv:put: UNAVAILABLE: java.io.IOException: reset");
        assertThat(KvCommands.describe("kv:put", Status.CANCELLED)).isEqualTo("kv:put: CANCELLED");
    }

    /** A connection that, when first used, lets SCR rebind the field to {@code next} (as during a swap). */
    private PluginConnection rebindingOnUse(InProcessPlugin drained, PluginConnection next) {
        return new PluginConnection() {
            @Override
            public Channel channel() {
                commands.connection = next;
                return drained.channel();
            }

            @Override
            public PluginDescription description() {
                return drained.description();
            }
        };
    }
}
