package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Go KV host built against go-plugin 1.0.1 with our Java KV plugin (the example's launcher script,
 * which execs the JVM): plaintext and AutoMTLS, values kept across host runs, Ping, exit 0 after the
 * host's Kill, hclog levels as the Go host re-logs them, and go-plugin's cookie message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoHostJavaKvPluginIT extends InWorkspace {

    private Command kvHost(boolean autoMtls, Object... args) {
        Object[] argv = new Object[args.length + 1];
        argv[0] = Peers.go("kv-host");
        System.arraycopy(args, 0, argv, 1, args.length);
        // exec: the JVM replaces sh, so go-plugin's exit status and Kill concern the plugin itself
        return Command.of(argv).env(workspace.environment()).in(workspace.work())
                .env("KV_PLUGIN", "exec " + GoHostOutput.quote(Peers.example("kv-plugin")))
                .env("KV_MTLS", autoMtls ? "1" : "0")
                .env("KV_HOST_LOG_LEVEL", "trace")
                .timeout(Duration.ofSeconds(20));
    }

    @ParameterizedTest(name = "autoMtls={0}")
    @ValueSource(booleans = {false, true})
    void putThenGetAcrossTwoHostRuns(boolean autoMtls) throws Exception {
        Command.Result put = kvHost(autoMtls, "put", "greeting", "hello from go").run();
        GoHostOutput.assertCleanRun(put);
        assertThat(put.stdout()).isEmpty();
        assertThat(workspace.work().resolve("kv_greeting")).hasContent("hello from go");

        Command.Result get = kvHost(autoMtls, "get", "greeting").run();
        GoHostOutput.assertCleanRun(get);
        assertThat(get.stdout()).isEqualTo("hello from go\n");
    }

    @ParameterizedTest(name = "autoMtls={0}")
    @ValueSource(booleans = {false, true})
    void aValueOfSeveralHttp2FramesTravelsBothWays(boolean autoMtls) throws Exception {
        // grpc-go splits it into 16 KiB DATA frames; the Java plugin parses it with one copy (16 KiB and more)
        StringBuilder value = new StringBuilder();
        for (int i = 0; value.length() < 60_000; i++) {
            value.append(i).append(',');
        }
        Command.Result put = kvHost(autoMtls, "put", "large", value).run();
        GoHostOutput.assertCleanRun(put);
        assertThat(workspace.work().resolve("kv_large")).hasContent(value.toString());

        Command.Result get = kvHost(autoMtls, "get", "large").run();
        GoHostOutput.assertCleanRun(get);
        assertThat(get.stdout()).isEqualTo(value + "\n");
    }

    @Test
    void pingPrintsOk() throws Exception {
        Command.Result ping = kvHost(false, "ping").run();
        GoHostOutput.assertCleanRun(ping);
        assertThat(ping.stdout()).isEqualTo("ok\n");
    }

    @Test
    void javaPluginLogLinesKeepTheirLevelsInTheGoHost() throws Exception {
        // the value is there already, so that one get run covers DEBUG (get) and WARN (warn-me)
        Files.writeString(workspace.work().resolve("kv_warn-me"), "w");
        Command.Result get = kvHost(false, "get", "warn-me").run();
        GoHostOutput.assertCleanRun(get);
        Command.Result put = kvHost(false, "put", "error-me", "e").run();
        GoHostOutput.assertCleanRun(put);

        // hclog's text form: "message: key=value ... timestamp=<the plugin's @timestamp>"
        assertThat(GoHostOutput.plugin(get, "get").level()).isEqualTo("DEBUG");
        assertThat(GoHostOutput.plugin(get, "get").text()).matches("get: key=warn-me timestamp=\\S+");
        assertThat(GoHostOutput.plugin(get, "warn requested").level()).isEqualTo("WARN");
        assertThat(GoHostOutput.plugin(put, "put").level()).isEqualTo("INFO");
        assertThat(GoHostOutput.plugin(put, "put").text()).startsWith("put: key=error-me ");
        assertThat(GoHostOutput.plugin(put, "error requested").level()).isEqualTo("ERROR");
    }

    @Test
    void javaPluginStartedWithoutTheRightCookiePrintsGoPluginsMessageAndExitsOne() throws Exception {
        Path plugin = Peers.example("kv-plugin");
        Command.Result missing = Command.of(plugin).env(workspace.environment()).unset("BASIC_PLUGIN")
                .in(workspace.work()).run();
        Command.Result wrong = Command.of(plugin).env(workspace.environment()).env("BASIC_PLUGIN", "goodbye")
                .in(workspace.work()).run();
        for (Command.Result run : List.of(missing, wrong)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.stdout()).as(run.toString()).isEmpty();
            assertThat(run.stderr()).as(run.toString())
                    .isEqualTo(String.join("\n", JavaHostGoKvPluginIT.COOKIE_MESSAGE) + "\n");
        }
    }
}
