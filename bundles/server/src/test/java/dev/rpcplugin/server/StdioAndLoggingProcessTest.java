package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rpcplugin.protocol.StdioConsumer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * After the handshake, {@code System.out}/{@code System.err} reach the host through GRPCStdio while
 * log records stay on the real stderr as hclog JSON.
 */
class StdioAndLoggingProcessTest {

    private static final DateTimeFormatter GO_LAYOUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void systemStreamsGoToStdioAndLogsToRealStderr() throws Exception {
        try (PluginProcess plugin = PluginProcess.start(PluginProcess.hostEnvironment())) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (HostSide host = new HostSide(fields);
                    StdioConsumer stdio = StdioConsumer.start(host.channel(), bytes -> write(out, bytes),
                            bytes -> write(err, bytes))) {
                host.put("stdout", "hello from System.out");
                host.put("stderr", "hello from System.err");
                host.put("log", "logged value");
                host.put("jul", "from java.util.logging");
                host.put("syslog", "from System.Logger");
                awaitText(out, "hello from System.out\n");
                awaitText(err, "hello from System.err\n");

                JsonObject put = json(plugin.awaitStderr(hasMessage("put"), WAIT));
                assertThat(put.get("@level").getAsString()).isEqualTo("info");
                assertThat(put.get("@module").getAsString()).isEqualTo("kv");
                assertThat(put.get("value").getAsString()).isEqualTo("logged value");
                JsonObject jul = json(plugin.awaitStderr(hasMessage("from java.util.logging"), WAIT));
                assertThat(jul.get("@level").getAsString()).isEqualTo("warn");
                assertThat(jul.get("@module").getAsString()).isEqualTo("test.jul");
                JsonObject system = json(plugin.awaitStderr(hasMessage("from System.Logger"), WAIT));
                assertThat(system.get("@level").getAsString()).isEqualTo("info");
                assertThat(system.get("@module").getAsString()).isEqualTo("test.system");
                // System.err is the stdio stream, which go-plugin before 1.4 never reads: a thread's death is logged
                host.put("crash-thread", "worker invariant broken");
                JsonObject crash = json(plugin.awaitStderr(hasMessage("uncaught exception"), WAIT));
                assertThat(crash.get("@level").getAsString()).isEqualTo("error");
                assertThat(crash.get("thread").getAsString()).isEqualTo("crashing-worker");
                assertThat(crash.get("error").getAsString()).contains("worker invariant broken");
                assertThat(crash.get("stacktrace").getAsString()).contains("KvService");

                host.put("stdout", "last words before Shutdown");
                host.shutdown();
                stdio.finished().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(out.toString(StandardCharsets.UTF_8)).contains("last words before Shutdown\n");
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();

            List<String> stderr = plugin.stderr();
            assertThat(stderr).isNotEmpty().allSatisfy(StdioAndLoggingProcessTest::assertHclogLine);
            assertThat(stderr).noneMatch(line -> line.contains("hello from System"));
            assertThat(plugin.remainingStdout()).isEmpty();
        }
    }

    private static void assertHclogLine(String line) {
        JsonObject record = json(line);
        assertThat(record.get("@level").getAsString()).isIn("trace", "debug", "info", "warn", "error");
        assertThat(record.has("@message")).isTrue();
        String timestamp = record.get("@timestamp").getAsString();
        assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(Z|[+-]\\d\\d:\\d\\d)");
        OffsetDateTime.parse(timestamp, GO_LAYOUT);
    }

    private static JsonObject json(String line) {
        return JsonParser.parseString(line).getAsJsonObject();
    }

    private static Predicate<String> hasMessage(String message) {
        return line -> line.startsWith("{") && message.equals(json(line).get("@message").getAsString());
    }

    private static void write(ByteArrayOutputStream sink, byte[] bytes) {
        synchronized (sink) {
            sink.writeBytes(bytes);
            sink.notifyAll();
        }
    }

    private static void awaitText(ByteArrayOutputStream sink, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (sink) {
            while (!sink.toString(StandardCharsets.UTF_8).contains(text)) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("waiting for %s, got %s", text, sink.toString(StandardCharsets.UTF_8)).isPositive();
                sink.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
