package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginClientBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * go-plugin's broker demo across languages: the plugin serves {@code Counter}, the host serves
 * {@code AddHelper} on a brokered connection that the plugin dials back. Our host with the Go plugin,
 * and the Go host (go-plugin 1.0.1) with our plugin.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerInteropIT extends HostInWorkspace {


    private PluginClientBuilder plugin(Path command) {
        return PluginClient.builder(host).command(command.toString())
                .magicCookie("BASIC_PLUGIN", "hello")
                .hostEnvironmentAllowList(List.of("PATH", "HOME", "JAVA_HOME"))
                .environment(workspace.environment())
                .workingDirectory(workspace.work())
                .startTimeout(Duration.ofSeconds(15))
                // exit 0 is asserted: a JVM on a loaded machine may need more than the default 2 s
                .stopGrace(Duration.ofSeconds(10));
    }

    /** Two puts through the host's AddHelper, then a get; the plugin exits 0 after kill. */
    private void putPutGet(PluginClient plugin) throws Exception {
        try {
            Counter counter = new Counter(plugin);
            counter.put("total", 5);
            counter.put("total", 7);
            assertThat(counter.get("total")).isEqualTo(12);
            assertThat(counter.get("never-put")).isZero();
            assertThat(counter.callbacks()).containsExactly("0+5", "5+7");
            // with AutoMTLS the callbacks went over TLS too: the plugin pinned the host's certificate
            assertThat(counter.brokeredTls()).containsExactly(plugin.tls(), plugin.tls());
            assertThat(workspace.work().resolve("counter_total")).hasContent("12");
        } finally {
            plugin.kill();
        }
        assertThat(plugin.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }

    @Test
    void javaHostWithGoCounterPluginInPlaintext() throws Exception {
        putPutGet(plugin(Peers.go("counter-plugin")).build().start());
    }

    /**
     * go-plugin 1.0.1 (issue 109, fixed in 1.4.4): the plugin dials the host's brokered listener with
     * its server TLS configuration, which has no ServerName (the dial target is {@code unused}) and no
     * root for the host's certificate, so the callback fails. The main connection works; our own pairs
     * (see the Java plugin tests) do the callback over AutoMTLS.
     */
    @Test
    void javaHostWithGoCounterPluginUnderAutoMtlsHitsGoPlugin101sBrokerBug() throws Exception {
        PluginClient plugin = plugin(Peers.go("counter-plugin")).autoMtls(true).build().start();
        try {
            Counter counter = new Counter(plugin);
            assertThat(counter.get("total")).isZero();
            assertThatThrownBy(() -> counter.put("total", 1)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                LoggerFactory.getLogger(BrokerInteropIT.class).info("go-plugin 1.0.1 broker callback under AutoMTLS: {}",
                        e.getStatus());
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription())
                        .contains("x509: certificate is valid for localhost, not unused");
            });
            assertThat(counter.callbacks()).isEmpty();
        } finally {
            plugin.kill();
        }
        assertThat(plugin.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }

    /** The same upstream bug between the Go host and the Go plugin, for comparison. */
    @Test
    void goCounterHostWithGoCounterPluginUnderAutoMtlsHitsTheSameBug() throws Exception {
        Command.Result put = Command.of(Peers.go("counter-host"), "put", "total", 1)
                .env(workspace.environment()).in(workspace.work())
                .env("COUNTER_PLUGIN", "exec " + GoHostOutput.quote(Peers.go("counter-plugin")))
                .env("COUNTER_MTLS", "1")
                .env("COUNTER_HOST_LOG_LEVEL", "error")
                .timeout(Duration.ofSeconds(20)).run();
        assertThat(put.exitCode()).as(put.toString()).isEqualTo(1);
        // the plugin's forwarded "add helper failed" line may come before or after the host's own
        assertThat(put.stderrLines()).as(put.toString()).contains("counter-host: put \"total\": rpc error:"
                + " code = Unavailable desc = put \"total\": AddHelper.Sum via broker id 1: rpc error: code = Unavailable"
                + " desc = connection error: desc = \"transport: authentication handshake failed: x509: certificate is"
                + " valid for localhost, not unused\"");
        assertThat(put.stderrLines()).as(put.toString()).last().isEqualTo("plugin exited: true");
    }

    @ParameterizedTest(name = "autoMtls={0}")
    @ValueSource(booleans = {false, true})
    void javaHostWithJavaCounterPluginInBothModes(boolean autoMtls) throws Exception {
        PluginClient plugin = plugin(Peers.example("counter-plugin")).autoMtls(autoMtls).build().start();
        assertThat(plugin.tls()).isEqualTo(autoMtls);
        putPutGet(plugin);
    }

    private Command counterHost(boolean autoMtls, Object... args) {
        Object[] argv = new Object[args.length + 1];
        argv[0] = Peers.go("counter-host");
        System.arraycopy(args, 0, argv, 1, args.length);
        return Command.of(argv).env(workspace.environment()).in(workspace.work())
                .env("COUNTER_PLUGIN", "exec " + GoHostOutput.quote(Peers.example("counter-plugin")))
                .env("COUNTER_MTLS", autoMtls ? "1" : "0")
                .env("COUNTER_HOST_LOG_LEVEL", "debug")
                .timeout(Duration.ofSeconds(20));
    }

    @Test
    void goCounterHostWithJavaCounterPluginInPlaintext() throws Exception {
        Command.Result first = counterHost(false, "put", "total", 5).run();
        GoHostOutput.assertCleanRun(first);
        assertThat(GoHostOutput.host(first, "AddHelper.Sum called by the plugin").text())
                .isEqualTo("AddHelper.Sum called by the plugin: a=0 b=5");
        Command.Result second = counterHost(false, "put", "total", 7).run();
        GoHostOutput.assertCleanRun(second);
        assertThat(GoHostOutput.host(second, "AddHelper.Sum called by the plugin").text())
                .isEqualTo("AddHelper.Sum called by the plugin: a=5 b=7");
        Command.Result get = counterHost(false, "get", "total").run();
        GoHostOutput.assertCleanRun(get);
        assertThat(get.stdout()).isEqualTo("12\n");
        assertThat(workspace.work().resolve("counter_total")).hasContent("12");
    }

    /**
     * Our plugin dialling back to a go-plugin 1.0.1 host under AutoMTLS. The 1.0.1 host serves its
     * brokered listener with its client TLS configuration: it presents the host certificate (the one
     * it sent in PLUGIN_CLIENT_CERT, SAN localhost) and does not ask for a client certificate. Our
     * plugin pins exactly that certificate and checks the name localhost, so the callback works,
     * unlike a go-plugin 1.0.1 plugin, which checks the name "unused" (issue 109).
     */
    @Test
    void goCounterHostWithJavaCounterPluginUnderAutoMtls() throws Exception {
        Command.Result put = counterHost(true, "put", "total", 5).run();
        GoHostOutput.assertCleanRun(put);
        assertThat(GoHostOutput.host(put, "AddHelper.Sum called by the plugin").text())
                .isEqualTo("AddHelper.Sum called by the plugin: a=0 b=5");
        Command.Result get = counterHost(true, "get", "total").run();
        GoHostOutput.assertCleanRun(get);
        assertThat(get.stdout()).isEqualTo("5\n");
    }
}
