package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.client.internal.StaleSocketDirectories.Owner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleSocketDirectoriesTest {

    @TempDir
    Path parent;

    private Process sleeper;

    @AfterEach
    void killSleeper() throws InterruptedException {
        if (sleeper != null) {
            sleeper.destroyForcibly();
            sleeper.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDirectoryOfAHostThatIsGoneIsRemovedWithWhatItHolds() throws Exception {
        Owner gone = endedProcess();
        Path stale = socketDirectory("rpcp123", gone);
        Files.createFile(stale.resolve("plugin42"));
        Files.createDirectories(stale.resolve("rpcplugin7"));
        Files.createFile(stale.resolve("rpcplugin7/plugin8"));

        assertThat(StaleSocketDirectories.sweep(parent)).containsExactly(stale);
        assertThat(stale).doesNotExist();
    }

    @Test
    void aPidNowHeldByAProcessThatStartedAtAnotherTimeCountsAsGone() throws Exception {
        Owner self = ownerOf(ProcessHandle.current().pid());
        Path stale = socketDirectory("rpcp124", new Owner(self.pidNamespace(), self.pid(), self.startTicks() - 1));

        assertThat(StaleSocketDirectories.sweep(parent)).containsExactly(stale);
    }

    @Test
    void directoriesOfRunningHostsAreKept() throws Exception {
        SocketDirectory ours = SocketDirectory.create(parent);
        sleeper = new ProcessBuilder("sleep", "60").start();
        Path anotherHosts = socketDirectory("rpcp125", ownerOf(sleeper.pid()));

        assertThat(StaleSocketDirectories.sweep(parent)).isEmpty();
        assertThat(ours.path()).isDirectory();
        assertThat(ours.path().resolve(StaleSocketDirectories.OWNER_FILE)).isRegularFile();
        assertThat(anotherHosts).isDirectory();
        ours.delete();
    }

    @Test
    void whatCannotBeJudgedIsKept() throws Exception {
        Owner gone = endedProcess();
        Path noOwnerFile = Files.createDirectory(parent.resolve("rpcp1"));
        Path unreadableOwner = Files.createDirectory(parent.resolve("rpcp2"));
        Files.writeString(unreadableOwner.resolve(StaleSocketDirectories.OWNER_FILE), "pid:[1] 12");
        Path otherNamespace = socketDirectory("rpcp3", new Owner("pid:[1]", gone.pid(), gone.startTicks()));
        Path notAHostsName = socketDirectory("rpcpx4", gone);
        Path target = socketDirectory("elsewhere5", gone);
        Path link = Files.createSymbolicLink(parent.resolve("rpcp5"), target);
        Path plainFile = Files.writeString(parent.resolve("rpcp6"), gone.format());

        assertThat(StaleSocketDirectories.sweep(parent)).isEmpty();
        assertThat(noOwnerFile).isDirectory();
        assertThat(unreadableOwner).isDirectory();
        assertThat(otherNamespace).isDirectory();
        assertThat(notAHostsName).isDirectory();
        assertThat(link).isSymbolicLink();
        assertThat(target.resolve(StaleSocketDirectories.OWNER_FILE)).isRegularFile();
        assertThat(plainFile).isRegularFile();
    }

    @Test
    void aMissingParentRemovesNothing() {
        assertThat(StaleSocketDirectories.sweep(parent.resolve("missing"))).isEmpty();
    }

    @Test
    void onlyNamesMadeByCreateCount() {
        assertThat(SocketDirectory.isDirectoryName("rpcp8812")).isTrue();
        assertThat(SocketDirectory.isDirectoryName("rpcp")).isFalse();
        assertThat(SocketDirectory.isDirectoryName("rpcp12a")).isFalse();
        assertThat(SocketDirectory.isDirectoryName("rpcplugin12")).isFalse();
    }

    private Path socketDirectory(String name, Owner owner) throws IOException {
        Path directory = Files.createDirectory(parent.resolve(name));
        Files.writeString(directory.resolve(StaleSocketDirectories.OWNER_FILE), owner.format());
        return directory;
    }

    /** A pid whose process has ended, as its start time was read while it ran. */
    private static Owner endedProcess() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        Owner owner = ownerOf(process.pid());
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return owner;
    }

    private static Owner ownerOf(long pid) throws IOException {
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        long[] parentAndStart = ProcessTable.parseParentAndStart(
                Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        assertThat(parentAndStart).as("/proc/%d/stat", pid).isNotNull();
        return new Owner(namespace, pid, parentAndStart[1]);
    }
}
