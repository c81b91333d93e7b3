package dev.rpcplugin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.security.LazyTlsIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class PluginHostWarmUpTest {

    @TempDir
    Path sockets;

    @ParameterizedTest(name = "autoMtls={0}")
    @ValueSource(booleans = {false, true})
    void warmUpLeavesNothingBehindAndLaunchesWorkAfterIt(boolean autoMtls) throws Exception {
        try (PluginHost host = PluginHost.builder().socketDirectoryParent(sockets).build()) {
            host.warmUp(autoMtls).get(60, TimeUnit.SECONDS);

            TestSupport.assertEmpty(sockets);
            TestSupport.assertNoProcessesLeft();
            assertThat(((LazyTlsIdentity) host.identitySupplier()).isInitialized())
                    .as("the AutoMTLS identity is made by an AutoMTLS warm-up only").isEqualTo(autoMtls);

            PluginClient plugin = TestSupport.javaPlugin(host).autoMtls(autoMtls).build().start();
            try {
                assertThat(TestSupport.echo(plugin, "after the warm-up")).isEqualTo("after the warm-up");
            } finally {
                plugin.kill();
            }
        }
        TestSupport.assertNoProcessesLeft();
        TestSupport.assertEmpty(sockets);
    }

    @Test
    void aFailedWarmUpNamesTheStepAndLeavesNothingRunning() throws Exception {
        Path notADirectory = Files.writeString(sockets.resolve("file"), "not a directory");
        try (PluginHost broken = PluginHost.builder().socketDirectoryParent(notADirectory).build()) {
            assertThatThrownBy(() -> broken.warmUp(false).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().hasMessageStartingWith("cannot start the loopback server: ")
                    .hasMessageContaining(notADirectory.toString());
        }
        TestSupport.assertNoProcessesLeft();
    }

    @Test
    void aWarmUpOfAClosedHostFailsItsFuture() {
        PluginHost host = PluginHost.builder().socketDirectoryParent(sockets).build();
        host.close();
        assertThatThrownBy(() -> host.warmUp(false).get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().hasMessage("the plugin host is closed");
    }
}
