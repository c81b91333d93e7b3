package dev.rpcplugin.examples.streaming.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.examples.support.testing.Examples;
import dev.rpcplugin.examples.support.testing.ScriptRun;
import dev.rpcplugin.examples.support.testing.ScriptTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bin/streaming-host running bin/streaming-plugin for real. */
@Timeout(90)
class StreamingHostIT extends ScriptTest {

    private ScriptRun streamingHost(String... args) {
        return hostRun("streaming-host", "STREAMING_PLUGIN", "streaming-plugin", args);
    }

    private static void assertAllFourShapesOk(ScriptRun.Result result) {
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.stdoutLines()).hasSize(5);
        assertThat(result.stdoutLines().subList(0, 4)).allSatisfy(line -> assertThat(line).contains(" ok "));
        assertThat(result.stdout())
                .contains("ProcessData         ok      262144 bytes upper-cased, sha256 matches")
                .contains("StreamResults       ok      64 chunks x 65536 bytes (4194304), in order, content as expected")
                .contains("UploadData          ok      64 chunks, 4194304 bytes, sha256 matches, in order")
                .contains("InteractiveSession  ok      100 messages echoed upper-cased, in order")
                .endsWith("all 4 call shapes OK\n");
    }

    @Test
    void allFourCallShapesWork() throws Exception {
        assertAllFourShapesOk(streamingHost().run());
    }

    @Test
    void allFourCallShapesWorkOverAutoMtls() throws Exception {
        ScriptRun.Result result = streamingHost("run").env("STREAMING_MTLS", "1")
                .env("STREAMING_HOST_LOG_LEVEL", "debug").run();

        assertAllFourShapesOk(result);
        assertThat(result.stderr()).contains(", TLS");
    }

    @Test
    void aPluginWithoutTheServiceFailsEveryShapeAndTheRun() throws Exception {
        // the KV plugin starts (its own cookie given) but serves no DataProcessor
        String kvPlugin = Examples.script("kv-plugin").toString();
        ScriptRun.Result result = streamingHost().env("STREAMING_PLUGIN", "BASIC_PLUGIN=hello exec " + kvPlugin)
                .run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdoutLines()).hasSize(4).allSatisfy(line -> assertThat(line)
                .contains(" FAILED ", "UNIMPLEMENTED"));
        assertThat(result.stderr()).contains("streaming-host: 4 of 4 call shapes failed: ProcessData, StreamResults,"
                + " UploadData, InteractiveSession\n");
    }

    @Test
    void aPluginThatCannotStartFailsTheRun() throws Exception {
        ScriptRun.Result result = streamingHost().env("STREAMING_PLUGIN", "exec " + Examples.script("kv-plugin"))
                .run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("streaming-host: start plugin: plugin kv-plugin exited before we could"
                + " connect (exit code 1)");
    }
}
