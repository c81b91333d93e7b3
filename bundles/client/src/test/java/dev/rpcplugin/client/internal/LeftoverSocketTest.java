package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverSocketTest {

    private static Path socketFile(Path dir, String name) throws IOException {
        Path path = dir.resolve(name);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path)); // the file stays after close, as after a SIGKILL
        }
        return path;
    }

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(1_000_000_000);
    }

    @Test
    void removesAPluginSocketLeftInTheTempDirectory() throws IOException {
        Path socket = socketFile(Path.of("/tmp"), unique("plugin"));
        LeftoverSocket.deleteAfterKill("unix", socket.toString(), null);
        assertThat(socket).doesNotExist();
    }

    @Test
    void leavesEverythingElseAlone(@TempDir Path elsewhere) throws IOException {
        Path regularFile = Path.of("/tmp", unique("plugin"));
        Files.writeString(regularFile, "not a socket");
        Path otherName = socketFile(Path.of("/tmp"), unique("other"));
        Path notInTemp = socketFile(elsewhere, unique("plugin"));
        try {
            LeftoverSocket.deleteAfterKill("unix", regularFile.toString(), null);
            LeftoverSocket.deleteAfterKill("unix", otherName.toString(), null);
            LeftoverSocket.deleteAfterKill("unix", notInTemp.toString(), null);
            LeftoverSocket.deleteAfterKill("tcp", "127.0.0.1:1", null);
            LeftoverSocket.deleteAfterKill("unix", "/tmp/plugin-missing-" + unique(""), null);
            assertThat(regularFile).exists();
            assertThat(otherName).exists();
            assertThat(notInTemp).exists();
        } finally {
            Files.deleteIfExists(regularFile);
            Files.deleteIfExists(otherName);
        }
    }

    @Test
    void removesAPluginSocketLeftInThePluginsOwnTempDirectory(@TempDir Path pluginTemp) throws IOException {
        Path socket = socketFile(pluginTemp, unique("plugin"));
        LeftoverSocket.deleteAfterKill("unix", socket.toString(), null);
        assertThat(socket).as("not a temp directory of the host").exists();
        LeftoverSocket.deleteAfterKill("unix", socket.toString(), pluginTemp);
        assertThat(socket).doesNotExist();
    }
}
