package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.transport.OrphanedSocketDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's use of the transport's rules (tested there): which names a host sweeps, and where. */
class SocketLeftoversTest {

    @TempDir
    Path parent;

    @Test
    void theDirectoriesOfKilledHostsAndListenersAreRemovedAndLiveOnesKept() throws Exception {
        String gone = ownerLineOfAnEndedProcess();
        Path hosts = socketDirectory("rpcp123", gone);
        Files.createFile(hosts.resolve("plugin42"));
        Files.createDirectories(hosts.resolve("rpcplugin1000000007"));
        Path listeners = socketDirectory("rpcplugin1000000008", gone);
        Path notOurs = socketDirectory("other9", gone);
        SocketDirectory live = SocketDirectory.create(parent);

        // what it removed elsewhere (dead go-plugin sockets in /tmp) is LeftoverSocketTest's
        assertThat(SocketLeftovers.sweep(parent)).filteredOn(removed -> removed.startsWith(parent))
                .containsExactlyInAnyOrder(hosts, listeners);
        assertThat(hosts).doesNotExist();
        assertThat(listeners).doesNotExist();
        assertThat(notOurs).isDirectory();
        assertThat(live.path().resolve(OrphanedSocketDirectories.OWNER_FILE)).isRegularFile();
        assertThat(live.delete()).isTrue();
        assertThat(live.path()).doesNotExist();
    }

    @Test
    void onlyNamesMadeByCreateCount() {
        assertThat(SocketDirectory.isDirectoryName("rpcp8812")).isTrue();
        assertThat(SocketDirectory.isDirectoryName("rpcp")).isFalse();
        assertThat(SocketDirectory.isDirectoryName("rpcp12a")).isFalse();
        assertThat(SocketDirectory.isDirectoryName("rpcplugin12")).isFalse();
    }

    private Path socketDirectory(String name, String ownerLine) throws IOException {
        Path directory = Files.createDirectory(parent.resolve(name));
        Files.writeString(directory.resolve(OrphanedSocketDirectories.OWNER_FILE), ownerLine);
        return directory;
    }

    /** The owner line a process that has ended would have written: pid namespace, pid, start ticks. */
    private static String ownerLineOfAnEndedProcess() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        long[] parentAndStart = ProcessTable.parseParentAndStart(
                Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.US_ASCII));
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(parentAndStart).isNotNull();
        return namespace + " " + process.pid() + " " + parentAndStart[1] + "\n";
    }
}
