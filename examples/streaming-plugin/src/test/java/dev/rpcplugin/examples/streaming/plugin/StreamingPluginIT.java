package dev.rpcplugin.examples.streaming.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.ProcessRequest;
import dev.rpcplugin.examples.streaming.StreamRequest;
import dev.rpcplugin.examples.support.testing.Examples;
import dev.rpcplugin.examples.support.testing.ScriptRun;
import dev.rpcplugin.examples.support.testing.ScriptTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bin/streaming-plugin started as a host starts it; all four shapes are checked by streaming-host's tests. */
@Timeout(60)
class StreamingPluginIT extends ScriptTest {

    private static final Path SCRIPT = Examples.script("streaming-plugin");

    @Test
    void streamsMoreThanTheTransportBuffersAndExitsZeroAfterShutdown() throws Exception {
        PluginClient client;
        try (PluginHost host = PluginHost.create()) {
            // exit 0 is asserted: a JVM on a loaded machine may need more than the default 2 s grace
            client = Examples.pluginClient(host, SCRIPT, StreamingPlugin.COOKIE_KEY, StreamingPlugin.COOKIE_VALUE, work)
                    .stopGrace(Duration.ofSeconds(10)).build().start();
            var blocking = client.newStub(DataProcessorGrpc::newBlockingStub);
            assertThat(blocking.processData(ProcessRequest.newBuilder().setPayload(ByteString.copyFromUtf8("x"))
                    .build()).getPayload().toStringUtf8()).isEqualTo("X");

            // 256 x 1 MiB: far beyond HTTP/2 windows, so the plugin must wait for the reader
            Iterator<DataChunk> chunks = blocking.streamResults(StreamRequest.newBuilder().setCount(256)
                    .setChunkSize(1024 * 1024).build());
            long received = 0;
            while (chunks.hasNext()) {
                assertThat(chunks.next().getSequence()).isEqualTo(received++);
            }
            assertThat(received).isEqualTo(256);
            client.kill();
        }
        assertThat(client.awaitExit(Duration.ofSeconds(5))).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void withTheWrongCookieItSaysWhatItIsAndExitsOne() throws Exception {
        ScriptRun.Result result = ScriptRun.of(SCRIPT).env(StreamingPlugin.COOKIE_KEY, "batch").in(work).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("This binary is a plugin.");
    }
}
