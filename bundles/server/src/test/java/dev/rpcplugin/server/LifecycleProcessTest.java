package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.protocol.ControllerClient;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, serve and stop as a go-plugin host sees it. */
class LifecycleProcessTest {

    @TempDir
    Path socketDir;

    @Test
    void printsTheHandshakeFirstServesHealthAndExitsZeroAfterShutdown() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("PLUGIN_UNIX_SOCKET_DIR", socketDir.toString());
        try (PluginProcess plugin = PluginProcess.start(env)) {
            String line = plugin.nextStdoutLine();
            assertThat(line).matches("1\\|1\\|unix\\|" + socketDir + "/rpcplugin\\d+/plugin\\d+\\|grpc\\|");
            String[] fields = line.split("\\|", -1);
            assertThat(fields).hasSize(6);
            Path socket = Path.of(fields[3]);
            assertThat(Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                    .as("a socket file").isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                    .isEqualTo("rwx------");
            try (HostSide host = new HostSide(fields)) {
                assertThat(host.health("plugin")).isEqualTo(ServingStatus.SERVING);
                assertThat(host.health("")).isEqualTo(ServingStatus.SERVING);
                assertThat(host.reflectedServices()).containsExactlyInAnyOrder("grpc.health.v1.Health",
                        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
                        "plugin.GRPCController", "plugin.GRPCStdio", "plugin.GRPCBroker", "proto.KV");
                host.put("k", "v");
                assertThat(host.get("k")).isEqualTo("v");
                assertThat(host.shutdown()).isIn(ControllerClient.Outcome.REPLIED,
                        ControllerClient.Outcome.CONNECTION_CLOSED);
                assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
            }
            assertThat(plugin.remainingStdout()).as("nothing after the handshake line").isEmpty();
            assertThat(socket).doesNotExist();
            assertThat(socket.getParent()).doesNotExist();
        }
    }

    @Test
    void usesThePrivateDirectoryUnderTmpdirWhenTheHostGivesNoSocketDirectory() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put("TMPDIR", socketDir.toString());
        try (PluginProcess plugin = PluginProcess.start(env)) {
            String[] fields = plugin.nextStdoutLine().split("\\|", -1);
            assertThat(Path.of(fields[3]).getParent().getParent()).isEqualTo(socketDir);
            try (HostSide host = new HostSide(fields)) {
                host.shutdown();
            }
            assertThat(plugin.awaitExit(PluginProcess.START_TIMEOUT)).isZero();
        }
    }
}
