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
 * The test plugin under a real go-plugin host: the Go {@code kv-host} of integration-tests (built
 * against go-plugin 1.0.1 by {@code integration-tests/go/build.sh}). Skipped when that binary has not
 * been built.
 */
class GoHostInteropProcessTest {

    private static final Path KV_HOST = Path.of("../../integration-tests/go/bin/kv-host").toAbsolutePath().normalize();

    @TempDir
    Path workDir;

    @Test
    void goHostPutsAndPingsOverPlaintextAndAutoMtls() throws Exception {
        assumeTrue(Files.isExecutable(KV_HOST), "Go kv-host not built: " + KV_HOST);
        Result put = kvHost(Map.of(), "put", "greeting", "hello");
        assertThat(put.status()).as(put.stderr()).isZero();
        assertThat(put.stderr()).contains("using plugin: version=1", "plugin exited: true")
                .doesNotContain("[ERROR]", "failed to exit gracefully");

        Result ping = kvHost(Map.of("KV_MTLS", "1"), "ping");
        assertThat(ping.status()).as(ping.stderr()).isZero();
        assertThat(ping.stdout()).isEqualTo("ok\n");
        assertThat(ping.stderr()).contains("configuring server automatic mTLS", "plugin exited: true")
                .doesNotContain("[ERROR]", "failed to exit gracefully");
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private Result kvHost(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String plugin = "exec " + PluginProcess.command().stream().map(GoHostInteropProcessTest::quote)
                .collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder(concat(KV_HOST.toString(), args)).directory(workDir.toFile());
        builder.environment().put("KV_PLUGIN", plugin);
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
