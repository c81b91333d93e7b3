package dev.rpcplugin.examples.counter.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.examples.support.testing.ScriptRun;
import dev.rpcplugin.examples.support.testing.ScriptTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bin/counter-host running bin/counter-plugin for real: the plugin calls the host back over the broker. */
@Timeout(90)
class CounterHostIT extends ScriptTest {

    private ScriptRun counterHost(String... args) {
        return hostRun("counter-host", "COUNTER_PLUGIN", "counter-plugin", args);
    }

    private String get(String key, boolean autoMtls) throws Exception {
        ScriptRun run = counterHost("get", key);
        ScriptRun.Result result = (autoMtls ? run.env("COUNTER_MTLS", "1") : run).run();
        assertThat(result.exitCode()).as("%s", result).isZero();
        return result.stdout();
    }

    @Test
    void putAddsThroughTheHostsAddHelperAcrossHostRuns() throws Exception {
        assertThat(get("total", false)).as("a counter never set").isEqualTo("0\n");

        ScriptRun.Result first = counterHost("put", "total", "5").env("COUNTER_HOST_LOG_LEVEL", "debug").run();
        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(first.stderr()).contains("[DEBUG] counter-host - AddHelper.Sum called by the plugin: a=0 b=5",
                "[INFO] plugin.counter-plugin - put key=total sum=5 value=5");
        assertThat(counterHost("put", "total", "-2").run().exitCode()).isZero();

        assertThat(get("total", false)).isEqualTo("3\n");
        assertThat(Files.readString(work.resolve("counter_total"))).isEqualTo("3");
    }

    @Test
    void theBrokerCallbackWorksUnderAutoMtls() throws Exception {
        ScriptRun.Result put = counterHost("put", "secure", "7").env("COUNTER_MTLS", "1")
                .env("COUNTER_HOST_LOG_LEVEL", "debug").run();

        assertThat(put.exitCode()).as("%s", put).isZero();
        assertThat(put.stderr()).contains(", TLS", "AddHelper.Sum called by the plugin: a=0 b=7");
        assertThat(get("secure", true)).isEqualTo("7\n");
    }

    @Test
    void badInputIsRefusedWithAClearMessage() throws Exception {
        ScriptRun.Result notANumber = counterHost("put", "total", "seven").run();
        assertThat(notANumber.exitCode()).isEqualTo(1);
        assertThat(notANumber.stderr()).isEqualTo("counter-host: put: N must be a 64-bit integer, got \"seven\"\n");

        ScriptRun.Result badKey = counterHost("put", "a/b", "1").run();
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.stderr()).contains(
                "counter-host: put \"a/b\": INVALID_ARGUMENT: key \"a/b\" must not contain '/' or NUL");
    }
}
