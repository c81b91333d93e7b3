package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test plugin under real go-plugin hosts: the Go {@code kv-host} and {@code counter-host} of
 * integration-tests (built against go-plugin 1.0.1 by {@code integration-tests/go/build.sh}). Skipped
 * when those binaries have not been built.
 */
class GoHostInteropProcessTest {

    private static final Path GO_BIN = Path.of("../../integration-tests/go/bin").toAbsolutePath().normalize();

    @TempDir
    Path workDir;

    @Test
    void goHostPutsAndPingsOverPlaintextAndAutoMtls() throws Exception {
        Result put = goHost("kv-host", Map.of(), "put", "greeting", "hello");
        assertThat(put.status()).as(put.stderr()).isZero();
        assertThat(put.stderr()).contains("using plugin: version=1", "plugin exited: true")
                .doesNotContain("[ERROR]", "failed to exit gracefully");

        Result ping = goHost("kv-host", Map.of("KV_MTLS", "1"), "ping");
        assertThat(ping.status()).as(ping.stderr()).isZero();
        assertThat(ping.stdout()).isEqualTo("ok\n");
        assertThat(ping.stderr()).contains("configuring server automatic mTLS", "plugin exited: true")
                .doesNotContain("[ERROR]", "failed to exit gracefully");
    }

    @Test
    void goHostServesTheAddHelperThePluginDialsThroughTheBroker() throws Exception {
        Result put = goHost("counter-host", Map.of(), "put", "total", "5");
        assertThat(put.status()).as(put.stderr()).isZero();
        assertThat(put.stderr()).contains("AddHelper.Sum called by the plugin: a=0 b=5", "plugin exited: true")
                .doesNotContain("[ERROR]");
    }

    @Test
    void goHostBrokerWorksWithAutoMtlsInTheDirectionGoPlugin101Gets() throws Exception {
        // go-plugin 1.0.1 lacks ServerName/RootCAs only where a Go plugin dials (issue 109); ours pins
        // the host's certificate and checks localhost, so the dial back succeeds against a 1.0.1 host
        Result put = goHost("counter-host", Map.of("COUNTER_MTLS", "1"), "put", "total", "7");
        assertThat(put.status()).as(put.stderr()).isZero();
        assertThat(put.stderr()).contains("AddHelper.Sum called by the plugin: a=0 b=7", "plugin exited: true");
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private Result goHost(String host, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path binary = GO_BIN.resolve(host);
        assumeTrue(Files.isExecutable(binary), "Go host not built: " + binary);
        String service = host.startsWith("counter") ? "service=counter" : "service=kv";
        String plugin = "exec " + PluginProcess.command(service).stream().map(GoHostInteropProcessTest::quote)
                .collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder(concat(binary.toString(), args)).directory(workDir.toFile());
        builder.environment().put("KV_PLUGIN", plugin);
        builder.environment().put("COUNTER_PLUGIN", plugin);
        builder.environment().putAll(env);
        Path out = workDir.resolve("stdout");
        Path err = workDir.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kv-host finished").isTrue();
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(rest))
                .toList();
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
