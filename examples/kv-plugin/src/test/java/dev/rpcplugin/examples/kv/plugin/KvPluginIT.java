package dev.rpcplugin.examples.kv.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.examples.support.testing.Examples;
import dev.rpcplugin.examples.support.testing.ScriptRun;
import dev.rpcplugin.examples.support.testing.ScriptTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bin/kv-plugin started as a host starts it, through the client library. */
@Timeout(60)
class KvPluginIT extends ScriptTest {

    private static final Path SCRIPT = Examples.script("kv-plugin");
    private static PluginHost host;


    @BeforeAll
    static void createHost() {
        host = PluginHost.create();
    }

    @AfterAll
    static void closeHost() {
        host.close();
    }

    private PluginClient start(boolean autoMtls, String... environment) throws Exception {
        // exit 0 is asserted: a JVM on a loaded machine may need more than the default 2 s grace
        var builder = Examples.pluginClient(host, SCRIPT, "BASIC_PLUGIN", "hello", work).autoMtls(autoMtls)
                .stopGrace(Duration.ofSeconds(10));
        for (int i = 0; i < environment.length; i += 2) {
            builder.environment(environment[i], environment[i + 1]);
        }
        return builder.build().start();
    }

    private static PutRequest put(String key, String value) {
        return PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
    }

    @Test
    void keepsValuesInFilesAcrossPluginRunsAndExitsZeroAfterShutdown() throws Exception {
        PluginClient first = start(false);
        first.newStub(KVGrpc::newBlockingStub).put(put("greeting", "hello"));
        first.kill();
        assertThat(first.awaitExit(Duration.ofSeconds(5))).isEqualTo(OptionalInt.of(0));

        PluginClient second = start(false);
        try {
            KVGrpc.KVBlockingStub kv = second.newStub(KVGrpc::newBlockingStub);
            assertThat(kv.get(GetRequest.newBuilder().setKey("greeting").build()).getValue().toStringUtf8())
                    .isEqualTo("hello");
            assertThatThrownBy(() -> kv.get(GetRequest.newBuilder().setKey("nope").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        } finally {
            second.kill();
        }
        assertThat(Files.readString(work.resolve("kv_greeting"))).isEqualTo("hello");
    }

    @Test
    void itsStderrCarriesOnlyHclogLinesFromStartToShutdown() throws Exception {
        // the SDK's protocol classes log through SLF4J: without a binding, SLF4J printed three warning lines
        // (into the stdio stream, with the host streaming stderr)
        List<String> stderr = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream synced = new ByteArrayOutputStream();
        PluginClient client = Examples.pluginClient(host, SCRIPT, "BASIC_PLUGIN", "hello", work)
                .stopGrace(Duration.ofSeconds(10)).environment("KV_PLUGIN_MEMORY", "1").stderrSink(stderr::add)
                .syncStderr(bytes -> { synchronized (synced) { synced.writeBytes(bytes); } })
                .build().start();
        client.newStub(KVGrpc::newBlockingStub).put(put("greeting", "hello"));
        client.kill();
        assertThat(client.awaitExit(Duration.ofSeconds(5))).isEqualTo(OptionalInt.of(0));
        // on Java 24 and newer the JVM adds its warning about Netty's native access (see examples/README.md)
        List<String> fromThePlugin = stderr.stream()
                .filter(line -> !(Runtime.version().feature() >= 24 && (line.isEmpty() || line.startsWith("WARNING: "))))
                .toList();
        assertThat(fromThePlugin).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"@level\":"));
        assertThat(synced.toString(StandardCharsets.UTF_8)).doesNotContain("SLF4J");
    }

    @Test
    void servesOverAutoMtlsAndKeepsValuesInMemoryWhenAsked() throws Exception {
        PluginClient plugin = start(true, "KV_PLUGIN_MEMORY", "1");
        try {
            assertThat(plugin.tls()).isTrue();
            KVGrpc.KVBlockingStub kv = plugin.newStub(KVGrpc::newBlockingStub);
            kv.put(put("secret", "in memory"));
            assertThat(kv.get(GetRequest.newBuilder().setKey("secret").build()).getValue().toStringUtf8())
                    .isEqualTo("in memory");
        } finally {
            plugin.kill();
        }
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void withoutTheCookieItSaysWhatItIsAndExitsOne() throws Exception {
        ScriptRun.Result result = ScriptRun.of(SCRIPT).without("BASIC_PLUGIN").in(work).run();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("""
                This binary is a plugin. These are not meant to be executed directly.
                Please execute the program that consumes these plugins, which will
                load any plugins automatically
                """);
    }

    @Test
    void theLauncherWorksFromADirectoryWhosePathHasASpace() throws Exception {
        Path module = SCRIPT.getParent().getParent();
        Path examples = Files.createDirectories(work.resolve("with space").resolve("examples"));
        Path copy = examples.resolve("kv-plugin");
        copyTree(module.resolve("bin"), copy.resolve("bin"));
        copyTree(module.resolve("target"), copy.resolve("target"));
        copyTree(module.resolveSibling("app-parent").resolve("launcher.sh"),
                examples.resolve("app-parent").resolve("launcher.sh"));
        assertThat(copy.resolve("target/native")).as("the epoll library the launcher puts on java.library.path")
                .isDirectory();

        PluginClient plugin = Examples.pluginClient(host, copy.resolve("bin/kv-plugin"), "BASIC_PLUGIN", "hello",
                work).environment("KV_PLUGIN_MEMORY", "1").build().start();
        try {
            plugin.newStub(KVGrpc::newBlockingStub).put(put("spaced", "out"));
        } finally {
            plugin.kill();
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void theLauncherProfilesChooseTheCompilers() throws Exception {
        assertThat(finalFlag("startup", "TieredStopAtLevel")).isEqualTo("1");
        assertThat(finalFlag("throughput", "TieredStopAtLevel")).isEqualTo("4");
        assertThat(finalFlag("throughput", "UseSerialGC")).isEqualTo("true");
        assertThat(finalFlag("plain", "TieredStopAtLevel")).isEqualTo("4");

        ScriptRun.Result wrong = ScriptRun.of(SCRIPT).in(work).env("RPCPLUGIN_JVM_PROFILE", "fast").run();
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).isEqualTo(
                "kv-plugin: RPCPLUGIN_JVM_PROFILE must be startup, throughput or plain, got \"fast\"\n");
    }

    @Test
    void aScriptsOwnUnknownProfileIsBlamedOnTheScript() throws Exception {
        Path module = SCRIPT.getParent().getParent();
        Path script = work.resolve("bad-profile");
        Files.writeString(script, "#!/bin/sh\n"
                + "app_name=kv-plugin\n"
                + "app_main=dev.rpcplugin.examples.kv.plugin.KvPlugin\n"
                + "app_home='" + module + "'\n"
                + "app_profile=fast\n"
                + ". '" + module.resolveSibling("app-parent").resolve("launcher.sh") + "'\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();

        ScriptRun.Result wrong = ScriptRun.of(script).without("RPCPLUGIN_JVM_PROFILE").in(work).run();
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).isEqualTo(
                "kv-plugin: app_profile in " + script + " must be startup, throughput or plain, got \"fast\"\n");
    }

    /** The value the JVM started through the launcher with {@code profile} reports for {@code flag}. */
    private String finalFlag(String profile, String flag) throws Exception {
        ScriptRun.Result result = ScriptRun.of(SCRIPT).without("BASIC_PLUGIN").in(work)
                .env("RPCPLUGIN_JVM_PROFILE", profile).env("RPCPLUGIN_JAVA_OPTS", "-XX:+PrintFlagsFinal").run();
        assertThat(result.exitCode()).as("without the cookie the plugin exits 1").isEqualTo(1);
        return result.stdoutLines().stream().map(String::trim).map(line -> line.split("\\s+"))
                .filter(words -> words.length >= 4 && words[1].equals(flag) && words[2].equals("="))
                .map(words -> words[3]).findFirst()
                .orElseThrow(() -> new AssertionError(flag + " is not in -XX:+PrintFlagsFinal's output"));
    }

    @Test
    void theLauncherUsesTheArchiveTrainedAtPackageTime() throws Exception {
        ScriptRun.Result result = ScriptRun.of(SCRIPT).without("BASIC_PLUGIN").in(work)
                .env("RPCPLUGIN_JAVA_OPTS", "-Xlog:class+load=info:stderr")
                .run();

        assertThat(result.stderr())
                .contains("dev.rpcplugin.server.PluginServer source: shared objects file (top)")
                .doesNotContain("[warning]");
    }
}
