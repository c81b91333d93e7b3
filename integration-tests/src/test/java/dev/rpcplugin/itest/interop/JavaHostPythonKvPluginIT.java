package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginClientBuilder;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our host ({@link PluginClient}) with a plugin written in Python on grpcio (C core), as made with SDKs
 * other than go-plugin's: no stdio and no broker service, its own P-521 AutoMTLS certificate, a Unix
 * socket or TCP, hclog JSON on stderr, go-plugin's words for a wrong cookie.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaHostPythonKvPluginIT extends HostInWorkspace {

    JavaHostPythonKvPluginIT() {
        super("pykv");
    }

    private PluginClientBuilder pythonKv() {
        return PluginClient.builder(host).name("kv-python").command(Peers.python("kv_plugin.py").toString())
                .magicCookie("BASIC_PLUGIN", "hello")
                .hostEnvironmentAllowList(List.of("PATH", "HOME"))
                .environment(workspace.environment())
                .workingDirectory(workspace.work())
                .startTimeout(Duration.ofSeconds(20))
                // exit 0 is asserted: Python's gRPC server on a loaded machine may need more than the default 2 s
                .stopGrace(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "network={0}, autoMtls={1}")
    @CsvSource({"unix, false", "unix, true", "tcp, false", "tcp, true"})
    void putGetThenGracefulKillEndsThePluginWithStatusZero(String network, boolean autoMtls) throws Exception {
        PluginClient plugin = pythonKv().environment("KV_PLUGIN_TCP", network.equals("tcp") ? "1" : "0")
                .autoMtls(autoMtls).build().start();
        try {
            assertThat(plugin.tls()).isEqualTo(autoMtls);
            assertThat(plugin.network()).isEqualTo(network);
            if (network.equals("unix")) {
                // the plugin honours PLUGIN_UNIX_SOCKET_DIR, the host's private directory under its parent
                assertThat(plugin.address()).startsWith(workspace.tmp() + "/");
            } else {
                assertThat(plugin.address()).matches("127\\.0\\.0\\.1:\\d+");
            }
            Kv kv = new Kv(plugin.channel());
            kv.put("greeting", "hello from java");
            assertThat(kv.get("greeting")).isEqualTo("hello from java");
            assertThatThrownBy(() -> KVGrpc.newBlockingStub(plugin.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .get(GetRequest.newBuilder().setKey("missing").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).isEqualTo("no value for key 'missing'");
                    });
        } finally {
            plugin.kill();
        }
        // GRPCController/Shutdown answered: the plugin ends on its own, removes its socket
        assertThat(plugin.awaitExit(Duration.ofSeconds(10))).hasValue(0);
        assertThat(plugin.state()).isEqualTo(PluginClient.State.STOPPED);
        workspace.awaitNoProcesses();
        assertThat(workspace.leftInTmp()).isEmpty();
    }

    @Test
    void forwardedHclogLinesKeepTheirLevels() throws Exception {
        try (LogCapture log = new LogCapture(loggerPrefix)) {
            PluginClient plugin = pythonKv().build().start();
            try {
                Kv kv = new Kv(plugin.channel());
                kv.put("logged", "v");
                kv.get("logged");
                // as go-plugin 1.0.1 does, the named logger's @module stays one of the pairs
                LogCapture.Entry put = log.await("put @module=kv-python key=logged");
                assertThat(put.level()).as(put.toString()).isEqualTo("INFO");
                assertThat(put.logger()).as(put.toString()).isEqualTo(loggerPrefix + ".kv-python");
                assertThat(put.message()).as(put.toString())
                        .matches("put @module=kv-python key=logged timestamp=\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
                assertThat(log.await("get @module=kv-python key=logged").level()).isEqualTo("DEBUG");
            } finally {
                plugin.kill();
            }
        }
    }

    @Test
    void wrongCookieReportsThePluginsMessageAndExitStatusOne() {
        PluginClient plugin = pythonKv().magicCookie("BASIC_PLUGIN", "not-hello").build();
        assertThatThrownBy(plugin::start).isInstanceOfSatisfying(PluginStartException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.MAGIC_COOKIE_REFUSED);
            assertThat(e.exitCode()).hasValue(1);
            assertThat(e.stderrTail()).containsExactlyElementsOf(JavaHostGoKvPluginIT.COOKIE_MESSAGE);
        });
        assertThat(plugin.state()).isEqualTo(PluginClient.State.STOPPED);
        workspace.awaitNoProcesses();
    }
}
