package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
    void leavesASocketSomeoneListensOnAlthoughAKilledPluginNamedIt() throws IOException {
        Path live = Path.of("/tmp", unique("plugin"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(live)); // another plugin's, announced by a lying one
            LeftoverSocket.deleteAfterKill("unix", live.toString(), null);
            assertThat(live).exists();
        } finally {
            Files.deleteIfExists(live);
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

    @Test
    void deadGoPluginSocketsOlderThanTheMinimumAgeAreRemovedLaterAndNothingElse(@TempDir Path temp) throws IOException {
        FileTime twoMinutesAgo = FileTime.from(Instant.now().minus(Duration.ofMinutes(2)));
        Path dead = old(socketFile(temp, "plugin1234567890"), twoMinutesAgo);
        Path young = socketFile(temp, "plugin42");
        Path otherName = old(socketFile(temp, "plugin-7"), twoMinutesAgo);
        Path regularFile = old(Files.writeString(temp.resolve("plugin8"), "not a socket"), twoMinutesAgo);
        Path live = temp.resolve("plugin9");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(live));
            old(live, twoMinutesAgo);
            server.configureBlocking(false);

            assertThat(LeftoverSocket.removeDead(Set.of(temp), LeftoverSocket.DEAD_SOCKET_MIN_AGE)).containsExactly(dead);
            assertThat(server.accept()).as("a listening socket is told by /proc/net/unix, not by connecting").isNull();
        }
        assertThat(dead).doesNotExist();
        assertThat(young).exists();
        assertThat(otherName).exists();
        assertThat(regularFile).exists();
        assertThat(LeftoverSocket.removeDead(Set.of(temp), Duration.ZERO)).containsExactlyInAnyOrder(young, live);
    }

    @Test
    void listeningSocketsAreReadFromTheKernelsTable() {
        String table = """
                Num       RefCount Protocol Flags    Type St Inode Path
                0000000000000000: 00000002 00000000 00010000 0001 01 1001 /tmp/plugin1
                0000000000000000: 00000003 00000000 00000000 0001 03 1002 /tmp/plugin2
                0000000000000000: 00000002 00000000 00010000 0001 01 1003 @abstract
                0000000000000000: 00000002 00000000 00010000 0001 01 1004 /tmp/a b/plugin3
                0000000000000000: 00000002 00000000 00000000 0002 01 1005
                """;
        assertThat(LeftoverSocket.listeningPaths(table))
                .containsExactlyInAnyOrder(Path.of("/tmp/plugin1"), Path.of("/tmp/a b/plugin3"));
    }

    @Test
    void goPluginSocketNamesAreThePrefixAndAnUnsigned32BitNumber() {
        assertThat(LeftoverSocket.isGoPluginSocketName("plugin3964312045")).isTrue();
        assertThat(LeftoverSocket.isGoPluginSocketName("plugin7")).isTrue();
        assertThat(LeftoverSocket.isGoPluginSocketName("plugin")).isFalse();
        assertThat(LeftoverSocket.isGoPluginSocketName("plugin12345678901")).isFalse();
        assertThat(LeftoverSocket.isGoPluginSocketName("plugin12a")).isFalse();
        assertThat(LeftoverSocket.isGoPluginSocketName("rpcplugin1234567890")).isFalse();
    }

    private static Path old(Path path, FileTime time) throws IOException {
        Files.setLastModifiedTime(path, time);
        return path;
    }
}
