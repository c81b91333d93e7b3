package dev.rpcplugin.examples.kv.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.examples.support.testing.Examples;
import dev.rpcplugin.examples.support.testing.Leftovers;
import dev.rpcplugin.examples.support.testing.ScriptRun;
import dev.rpcplugin.examples.support.testing.ScriptTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bin/kv-host running bin/kv-plugin for real, in a temporary working directory. */
@Timeout(90)
class KvHostIT extends ScriptTest {

    private static final Path HOST = Examples.script("kv-host");
    private static final String PLUGIN = Examples.script("kv-plugin").toString();

    private ScriptRun kvHost(String... args) {
        return hostRun("kv-host", "KV_PLUGIN", "kv-plugin", args);
    }

    @Test
    void putThenGetWorksAcrossHostRuns() throws Exception {
        ScriptRun.Result put = kvHost("put", "greeting", "hello world").run();
        assertThat(put.exitCode()).as("%s", put).isZero();
        assertThat(put.stdout()).isEmpty();
        assertThat(put.stderr()).contains("[INFO] plugin.kv-plugin - put key=greeting")
                .endsWith("plugin exited: true\n");

        ScriptRun.Result get = kvHost("get", "greeting").run();
        assertThat(get.exitCode()).as("%s", get).isZero();
        assertThat(get.stdout()).isEqualTo("hello world\n");
        assertThat(Files.readString(work.resolve("kv_greeting"))).isEqualTo("hello world");
    }

    @Test
    void worksOverAutoMtlsAndPings() throws Exception {
        ScriptRun.Result put = kvHost("put", "k", "over TLS").env("KV_MTLS", "1").run();
        assertThat(put.exitCode()).as("%s", put).isZero();
        ScriptRun.Result get = kvHost("get", "k").env("KV_MTLS", "1").env("KV_HOST_LOG_LEVEL", "debug").run();
        assertThat(get.stdout()).as("%s", get).isEqualTo("over TLS\n");
        assertThat(get.stderr()).contains("[DEBUG] plugin.kv-plugin - get key=k", ", TLS");

        ScriptRun.Result ping = kvHost("ping").env("KV_MTLS", "1").run();
        assertThat(ping.exitCode()).as("%s", ping).isZero();
        assertThat(ping.stdout()).isEqualTo("ok\n");
    }

    @Test
    void aMissingKeyFailsWithTheStatusTheGoExampleGives() throws Exception {
        ScriptRun.Result get = kvHost("get", "nope").run();

        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.stdout()).isEmpty();
        assertThat(get.stderr()).contains("kv-host: get \"nope\": NOT_FOUND: no value stored for key \"nope\"\n")
                .endsWith("plugin exited: true\n");
    }

    @Test
    void aPluginThatCannotStartIsReportedWithItsOwnWords() throws Exception {
        ScriptRun.Result noCookie = kvHost("get", "k").env("KV_PLUGIN", "BASIC_PLUGIN=wrong exec " + PLUGIN).run();
        assertThat(noCookie.exitCode()).isEqualTo(1);
        assertThat(noCookie.stderr()).contains("kv-host: start plugin: plugin kv-plugin exited before we could"
                + " connect (exit code 1)", "This binary is a plugin. These are not meant to be executed directly.");

        ScriptRun.Result missing = kvHost("ping").env("KV_PLUGIN", work.resolve("no-such-plugin").toString()).run();
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("kv-host: start plugin:", "(exit code 127)", "no-such-plugin: not found");
    }

    @Test
    void usageAndEnvironmentMistakesAreNamed() throws Exception {
        ScriptRun.Result usage = kvHost("put", "only-key").run();
        assertThat(usage.exitCode()).isEqualTo(1);
        assertThat(usage.stderr()).isEqualTo(
                "kv-host: put takes 2 argument(s), got 1; usage: kv-host put KEY VALUE | get KEY | ping\n");

        ScriptRun.Result noPlugin = kvHost("get", "k").without("KV_PLUGIN").run();
        assertThat(noPlugin.exitCode()).isEqualTo(1);
        assertThat(noPlugin.stderr()).isEqualTo(
                "kv-host: environment variable KV_PLUGIN must hold the plugin command (run through sh -c)\n");
    }

    @Test
    void aStoppedHostTakesItsPluginWithIt() throws Exception {
        // a plugin command that never completes the handshake keeps the host waiting in start
        Path marker = work.resolve("started");
        ProcessBuilder builder = new ProcessBuilder(HOST.toString(), "get", "k").directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("host.log").toFile());
        builder.environment().put("KV_PLUGIN", "touch " + marker + "; sleep 60");
        Process hostProcess = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(marker) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(marker).as("the plugin command ran").exists();
            assertThat(Leftovers.using(work)).anySatisfy(p -> assertThat(p).contains("sleep 60"));

            hostProcess.destroy(); // SIGTERM: the JVM's shutdown hook kills the plugin
            assertThat(hostProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            hostProcess.destroyForcibly();
        }
    }
}
