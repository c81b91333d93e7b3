package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A go-plugin host written in Python on grpcio (C core) with our Java KV plugin: handshake, health
 * check, Put and Get, then {@code GRPCController/Shutdown}, after which the plugin exits 0 and leaves
 * nothing in the socket directory the host gave it; plaintext and AutoMTLS (the host's P-521
 * certificate in {@code PLUGIN_CLIENT_CERT}, the plugin's pinned by grpcio with the name localhost).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonHostJavaKvPluginIT extends InWorkspace {

    @ParameterizedTest(name = "autoMtls={0}")
    @ValueSource(booleans = {false, true})
    void putGetAndShutdownThroughAPythonHost(boolean autoMtls) throws Exception {
        List<Object> argv = new ArrayList<>(List.of(Peers.python("kv_host.py")));
        if (autoMtls) {
            argv.add("--mtls");
        }
        argv.addAll(List.of("greeting", "hello from python", Peers.example("kv-plugin")));
        Command.Result run = Command.of(argv.toArray()).env(workspace.environment()).in(workspace.work())
                .timeout(Duration.ofSeconds(40)).run();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).as(run.toString()).hasSize(4);
        // the Java plugin's socket is in a private directory inside the one the host passed
        String tmp = workspace.tmp().toString();
        assertThat(lines.get(0)).matches("handshake 1\\|1\\|unix\\|" + Pattern.quote(tmp)
                + "/pyhost\\w+/rpcplugin\\d{10}/plugin\\d{10}\\|grpc\\|" + (autoMtls ? "[A-Za-z0-9+/]{100,}" : ""));
        assertThat(lines.subList(1, 4)).containsExactly("health SERVING", "got hello from python", "exit 0");
        assertThat(workspace.work().resolve("kv_greeting")).hasContent("hello from python");
        workspace.awaitNoProcesses();
        assertThat(workspace.leftInTmp()).isEmpty();
    }
}
