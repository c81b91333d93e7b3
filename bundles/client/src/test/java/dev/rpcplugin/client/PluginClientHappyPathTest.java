package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.assertEmpty;
import static dev.rpcplugin.client.TestSupport.assertGone;
import static dev.rpcplugin.client.TestSupport.assertNoProcessesLeft;
import static dev.rpcplugin.client.TestSupport.echo;
import static dev.rpcplugin.client.TestSupport.javaPlugin;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginClientHappyPathTest {

    @TempDir
    Path sockets;

    private PluginHost host;

    @BeforeEach
    void createHost() {
        host = PluginHost.builder().socketDirectoryParent(sockets).build();
    }

    @AfterEach
    void closeHost() throws Exception {
        host.close();
        assertNoProcessesLeft();
        assertEmpty(sockets);
    }

    @Test
    void plaintextStartCallAndKill() throws Exception {
        PluginClient client = javaPlugin(host).build().start();
        CompletableFuture<OptionalInt> exit = new CompletableFuture<>();
        client.addExitListener((plugin, code) -> exit.complete(code));

        assertThat(client.state()).isEqualTo(PluginClient.State.CONNECTED);
        assertThat(client.tls()).isFalse();
        assertThat(client.network()).isEqualTo("unix");
        assertThat(client.address()).startsWith(sockets.toString());
        assertThat(client.protocolVersion()).isEqualTo(1);
        assertThat(ProcessHandle.of(client.pid())).isPresent();
        assertThat(echo(client, "ping")).isEqualTo("ping");
        assertThat(client.reattachConfig()).isEqualTo(
                new ReattachConfig("grpc", 1, "unix", client.address(), client.pid(), false));
        assertThat(client.recentStderr()).anySatisfy(line -> assertThat(line).contains("plugin address"));

        long pid = client.pid();
        client.kill();
        assertThat(exit.get(10, TimeUnit.SECONDS)).hasValue(0);
        assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
        assertGone(pid);
        assertEmpty(sockets);
        assertThat(host.runningPlugins()).isEmpty();
    }

    @Test
    void autoMtlsStartCallAndKill() throws Exception {
        PluginClient first = javaPlugin(host).autoMtls(true).build().start();
        PluginClient second = javaPlugin(host).name("second").autoMtls(true).build().start();

        assertThat(first.tls()).isTrue();
        assertThat(echo(first, "secure")).isEqualTo("secure");
        assertThat(echo(second, "also")).isEqualTo("also");
        assertThat(host.runningPlugins()).containsExactlyInAnyOrder(first, second);

        first.kill();
        second.kill();
    }
}
