package dev.rpcplugin.itest.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client and server libraries outside OSGi on the JPMS module path: the KV example host and
 * plugin run as {@code java --module-path DIR --add-modules ALL-MODULE-PATH,jdk.unsupported -m
 * MODULE/MAIN} with no class path at all, the host starting the plugin that way, plaintext and
 * AutoMTLS. DIR holds the examples' runtime jars, each library bundle an automatic module named
 * after its Bundle-SymbolicName.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class KvOnModulePathIT {

    private static final String HOST_MODULE = "dev.rpcplugin.examples.kv.host";
    private static final String HOST_MAIN = HOST_MODULE + ".KvHost";
    private static final String PLUGIN_MODULE = "dev.rpcplugin.examples.kv.plugin";
    private static final String PLUGIN_MAIN = PLUGIN_MODULE + ".KvPlugin";
    /** The library bundles a plain Java host or plugin runs on. */
    private static final List<String> LIBRARIES = List.of("dev.rpcplugin.handshake", "dev.rpcplugin.security",
            "dev.rpcplugin.transport", "dev.rpcplugin.protocol", "dev.rpcplugin.client", "dev.rpcplugin.server");
    private static final List<String> EXAMPLES = List.of("dev.rpcplugin.examples.kv.api",
            "dev.rpcplugin.examples.support", HOST_MODULE, PLUGIN_MODULE);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    private static final Duration TOOL_LIMIT = Duration.ofSeconds(30);

    private static ModulePathDirectory modules;

    @BeforeAll
    static void assembleModulePath() throws Exception {
        modules = ModulePathDirectory.assemble(Path.of(property("itest.examples")),
                Path.of(property("itest.modulepath")), "kv-host", "kv-plugin");
    }

    @Test
    void theLibrariesAreAutomaticModulesAndNoTwoModulesShareAPackage() throws Exception {
        assertThat(modules.jarNames())
                .as("the real grpc jars, never the OSGi-only bundle that embeds them")
                .noneMatch(name -> name.startsWith("dev.rpcplugin.grpc.runtime"))
                .anyMatch(name -> name.startsWith("grpc-api-"))
                .anyMatch(name -> name.startsWith("grpc-netty-shaded-"))
                .anyMatch(name -> name.startsWith("protobuf-java-"));
        assertThat(modules.jarNames()).as("the libraries read their DER and PEM themselves")
                .noneMatch(name -> name.startsWith("bcprov-"));
        try (MarkedRuns runs = MarkedRuns.create()) {
            // split packages, two modules of one name, bad module names: each is reported here
            MarkedRuns.Result validation = runs.run(modules.java("--validate-modules"), Map.of(), TOOL_LIMIT);
            assertThat(validation.exitCode()).as(validation.toString()).isZero();
            assertThat(validation.stdout() + validation.stderr()).as(validation.toString()).isEmpty();

            // one line per observable module: "<name>@<version> <location> automatic"
            MarkedRuns.Result listing = runs.run(modules.java("--list-modules"), Map.of(), TOOL_LIMIT);
            assertThat(listing.exitCode()).as(listing.toString()).isZero();
            List<String> names = new ArrayList<>(LIBRARIES);
            names.addAll(EXAMPLES);
            String location = modules.directory().toUri().toString();
            for (String name : names) {
                assertThat(listing.stdout().lines()).as(listing.toString()).anyMatch(line ->
                        line.startsWith(name + "@") && line.contains(" " + location) && line.endsWith(" automatic"));
            }
            MarkedRuns.Result client = runs.run(modules.java("--describe-module", "dev.rpcplugin.client"), Map.of(),
                    TOOL_LIMIT);
            assertThat(client.exitCode()).as(client.toString()).isZero();
            // an automatic module: every package of the jar is in it (and open to all)
            assertThat(client.stdout().lines()).as(client.toString())
                    .contains("contains dev.rpcplugin.client", "contains dev.rpcplugin.client.internal");
        }
    }

    @Test
    void hostAndPluginCommandLinesResolveTheLibrariesFromTheModulePath() throws Exception {
        try (MarkedRuns runs = MarkedRuns.create()) {
            assertResolvesFromTheDirectory(runs, HOST_MODULE, HOST_MAIN, "dev.rpcplugin.client");
            assertResolvesFromTheDirectory(runs, PLUGIN_MODULE, PLUGIN_MAIN, "dev.rpcplugin.server");
        }
    }

    // --dry-run resolves the modules and loads the main class without running it
    private static void assertResolvesFromTheDirectory(MarkedRuns runs, String module, String mainClass,
            String library) throws Exception {
        List<String> argv = modules.launch(module, mainClass);
        argv.addAll(1, List.of("--show-module-resolution", "--dry-run"));
        MarkedRuns.Result dryRun = runs.run(argv, Map.of(), TOOL_LIMIT);
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        String location = modules.directory().toUri().toString();
        List<String> resolved = dryRun.stdout().lines().toList();
        for (String name : List.of(module, library, "dev.rpcplugin.handshake", "dev.rpcplugin.protocol")) {
            assertThat(resolved).as(dryRun.toString())
                    .anyMatch(line -> line.startsWith("root " + name + " " + location));
        }
        assertThat(resolved).as(dryRun.toString()).contains("root jdk.unsupported jrt:/jdk.unsupported");
    }

    @ParameterizedTest(name = "autoMtls={0}")
    @ValueSource(booleans = {false, true})
    void putThenGetAcrossTwoHostRunsBothOnTheModulePath(boolean autoMtls) throws Exception {
        try (MarkedRuns runs = MarkedRuns.create()) {
            MarkedRuns.Result put = kvHost(runs, autoMtls, "put", "greeting", "hello from the module path");
            assertCleanRun(put, autoMtls);
            assertThat(put.stdout()).as(put.toString()).isEmpty();
            assertThat(runs.work().resolve("kv_greeting")).hasContent("hello from the module path");

            MarkedRuns.Result get = kvHost(runs, autoMtls, "get", "greeting");
            assertCleanRun(get, autoMtls);
            assertThat(get.stdout()).as(get.toString()).isEqualTo("hello from the module path\n");
        }
    }

    private static MarkedRuns.Result kvHost(MarkedRuns runs, boolean autoMtls, String... command) throws Exception {
        List<String> argv = modules.launch(HOST_MODULE, HOST_MAIN);
        argv.addAll(List.of(command));
        // exec: the plugin JVM replaces the shell, so the host's kill reaches the plugin itself
        return runs.run(argv, Map.of(
                "KV_PLUGIN", "exec " + modules.launchForShell(PLUGIN_MODULE, PLUGIN_MAIN),
                "KV_MTLS", autoMtls ? "1" : "0",
                "KV_HOST_LOG_LEVEL", "debug"), RUN_LIMIT);
    }

    private static void assertCleanRun(MarkedRuns.Result run, boolean autoMtls) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> stderr = run.stderrLines();
        assertThat(stderr).as(run.toString())
                .anyMatch(line -> line.contains("dev.rpcplugin.client.PluginClient - plugin java connected: pid ")
                        && line.endsWith(", TLS") == autoMtls)
                .endsWith("plugin exited: true")
                .noneMatch(line -> line.contains("[WARN]") || line.contains("[ERROR]"))
                // a class missing from the module graph, e.g. sun.misc.Signal without jdk.unsupported
                .noneMatch(line -> line.contains("NoClassDefFoundError") || line.contains("ClassNotFoundException"))
                // Netty's note when it cannot reach sun.misc.Unsafe (jdk.unsupported not resolved)
                .noneMatch(line -> line.contains("does not provide complete low-level API"));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property " + name + " (set by the integration-tests pom)").isNotBlank();
        return value;
    }
}
