package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginClientBuilder;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our host ({@link PluginClient}) with the Go KV plugin built against go-plugin 1.0.1: plaintext and
 * AutoMTLS, graceful kill with exit status 0, hclog levels kept, and the Go plugin's own words when the
 * cookie does not match.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JavaHostGoKvPluginIT extends HostInWorkspace {

    /** go-plugin's message for a missing or wrong magic cookie, line by line. */
    static final List<String> COOKIE_MESSAGE = List.of(
            "This binary is a plugin. These are not meant to be executed directly.",
            "Please execute the program that consumes these plugins, which will",
            "load any plugins automatically");

    JavaHostGoKvPluginIT() {
        super("gokv");
    }

    private PluginClientBuilder goKv() {
        // the host's own variables are not passed on, so that TMPDIR surely is the workspace's
        return PluginClient.builder(host).command(Peers.go("kv-plugin").toString())
                .magicCookie("BASIC_PLUGIN", "hello")
                .hostEnvironmentAllowList(List.of("PATH", "HOME"))
                .environment(workspace.environment())
                .workingDirectory(workspace.work())
                .startTimeout(Duration.ofSeconds(10))
                // exit 0 is asserted: on a loaded machine even a Go plugin may miss the default 2 s
                .stopGrace(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "autoMtls={0}")
    @ValueSource(booleans = {false, true})
    void putGetThenGracefulKillEndsThePluginWithStatusZero(boolean autoMtls) throws Exception {
        PluginClient plugin = goKv().autoMtls(autoMtls).build().start();
        try {
            assertThat(plugin.tls()).isEqualTo(autoMtls);
            // the leftover check sees the plugin while it runs (it inherited the workspace marker)
            assertThat(workspace.processes()).extracting(ProcessHandle::pid).containsExactly(plugin.pid());
            assertThat(plugin.network()).isEqualTo("unix");
            // go-plugin 1.0.1 ignores PLUGIN_UNIX_SOCKET_DIR and uses TMPDIR
            assertThat(plugin.address()).startsWith(workspace.tmp() + "/plugin");
            Kv kv = new Kv(plugin.channel());
            kv.put("greeting", "hello from java");
            assertThat(kv.get("greeting")).isEqualTo("hello from java");
            assertThat(workspace.work().resolve("kv_greeting")).hasContent("hello from java");
        } finally {
            plugin.kill();
        }
        assertThat(plugin.awaitExit(Duration.ofSeconds(5))).hasValue(0);
        assertThat(plugin.state()).isEqualTo(PluginClient.State.STOPPED);
    }

    @Test
    void forwardedHclogLinesKeepTheirLevels() throws Exception {
        try (LogCapture log = new LogCapture(loggerPrefix)) {
            PluginClient plugin = goKv().build().start();
            try {
                Kv kv = new Kv(plugin.channel());
                kv.put("warn-me", "w");
                kv.get("warn-me");
                kv.put("error-me", "e");
                kv.put("trace-me", "t");
                String logger = loggerPrefix + ".kv-plugin";
                assertForwarded(log.await("put key=warn-me"), "INFO", logger, "put key=warn-me");
                assertForwarded(log.await("get key=warn-me"), "DEBUG", logger, "get key=warn-me");
                assertForwarded(log.await("warn requested"), "WARN", logger, "warn requested key=warn-me");
                assertForwarded(log.await("error requested"), "ERROR", logger, "error requested key=error-me");
                assertForwarded(log.await("trace requested"), "TRACE", logger, "trace requested key=trace-me");
            } finally {
                plugin.kill();
            }
        }
    }

    // the host appends go-plugin's "timestamp" pair after the plugin's own key/values
    private static void assertForwarded(LogCapture.Entry entry, String level, String logger, String message) {
        assertThat(entry.level()).as(entry.toString()).isEqualTo(level);
        assertThat(entry.logger()).as(entry.toString()).isEqualTo(logger);
        assertThat(entry.message()).as(entry.toString()).matches(Pattern.quote(message)
                + " timestamp=\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
    }

    @Test
    void wrongCookieReportsTheGoPluginsMessageAndExitStatusOne() {
        PluginClient plugin = goKv().magicCookie("BASIC_PLUGIN", "not-hello").build();
        assertThatThrownBy(plugin::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.MAGIC_COOKIE_REFUSED);
            assertThat(e.exitCode()).hasValue(1);
            assertThat(e.stderrTail()).containsExactlyElementsOf(COOKIE_MESSAGE);
            assertThat(e.getMessage()).contains("exit code 1", "missing or wrong magic cookie");
            COOKIE_MESSAGE.forEach(line -> assertThat(e.getMessage()).contains("\n  " + line));
        });
        assertThat(plugin.state()).isEqualTo(PluginClient.State.STOPPED);
    }

    @Test
    void noiseBeforeTheHandshakeFailsStrictAndIsSkippedWhenLenient() throws Exception {
        PluginClient strict = goKv().environment("KV_PLUGIN_NOISE", "1").build();
        assertThatThrownBy(strict::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNRECOGNIZED_HANDSHAKE);
            assertThat(e.getMessage()).contains("Unrecognized remote plugin message: noise before handshake");
        });
        // The plugin was SIGKILLed after it may have created its socket, whose path the host never
        // learnt (the handshake line came second). go-plugin before 1.5 ignores PLUGIN_UNIX_SOCKET_DIR, so
        // that socket is in its TMPDIR, out of the host's reach: a leftover no host can avoid.
        workspace.awaitNoProcesses();
        List<Path> left = workspace.leftInTmp();
        assertThat(left).hasSizeLessThanOrEqualTo(1)
                .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("plugin\\d+"));
        for (Path socket : left) {
            Files.delete(socket);
        }

        PluginClient lenient = goKv().environment("KV_PLUGIN_NOISE", "1").lenientHandshake(1).build().start();
        try {
            new Kv(lenient.channel()).put("k", "v");
            assertThat(workspace.work().resolve("kv_k")).hasContent("v");
        } finally {
            lenient.kill();
        }
        assertThat(lenient.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }

    @Test
    void pluginThatStopsAnsweringIsKilledAfterTheGraceAndItsSocketRemoved() throws Exception {
        PluginClient plugin = goKv().stopGrace(Duration.ofMillis(500)).build().start();
        Path socket = Path.of(plugin.address());
        assertThat(socket).exists();
        try {
            Command.Result stop = Command.of("kill", "-STOP", plugin.pid()).run();
            assertThat(stop.exitCode()).as(stop.toString()).isZero();
        } finally {
            plugin.kill();
        }
        OptionalInt exit = plugin.awaitExit(Duration.ofSeconds(5));
        assertThat(exit).as("SIGKILL: 128 + 9").hasValue(137);
        assertThat(socket).doesNotExist();
    }

    @Test
    void aPluginKilledByAnotherProcessHasItsSocketRemoved() throws Exception {
        PluginClient plugin = goKv().build().start();
        Path socket = Path.of(plugin.address());
        assertThat(socket).exists();
        Command.Result kill = Command.of("kill", "-KILL", plugin.pid()).run();
        assertThat(kill.exitCode()).as(kill.toString()).isZero();
        assertThat(plugin.awaitExit(Duration.ofSeconds(5))).hasValue(137);
        // the host's teardown of a plugin that died on its own follows the exit
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aPluginRefusedForItsProtocolVersionHasItsSocketRemoved() throws Exception {
        // the Go KV plugin speaks version 1 only; go-plugin makes its socket before it prints the line
        PluginClient plugin = goKv().protocolVersions(2).build();
        assertThatThrownBy(plugin::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_VERSION);
            assertThat(e.getMessage()).contains("Plugin version: 1");
        });
        workspace.awaitNoProcesses();
        assertThat(workspace.leftInTmp()).isEmpty();
    }
}
