package dev.rpcplugin.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.transport.OrphanedSocketDirectories.Owner;
import dev.rpcplugin.transport.internal.PrivateSocketDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanedSocketDirectoriesTest {

    private static final Predicate<String> LISTENER_NAMES = OrphanedSocketDirectories::isListenerDirectoryName;

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
    void theDirectoryOfAProcessThatIsGoneIsRemovedWithWhatItHolds() throws Exception {
        Owner gone = endedProcess();
        Path orphan = socketDirectory("rpcplugin1000000001", gone);
        Files.createFile(orphan.resolve("plugin1000000002"));
        Files.createDirectories(orphan.resolve("nested"));
        Files.createFile(orphan.resolve("nested/plugin8"));

        assertThat(OrphanedSocketDirectories.remove(parent, LISTENER_NAMES)).containsExactly(orphan);
        assertThat(orphan).doesNotExist();
    }

    @Test
    void aPidNowHeldByAProcessThatStartedAtAnotherTimeCountsAsGone() throws Exception {
        Owner self = ownerOf(ProcessHandle.current().pid());
        Path orphan = socketDirectory("rpcplugin1000000003",
                new Owner(self.pidNamespace(), self.pid(), self.startTicks() - 1));

        assertThat(OrphanedSocketDirectories.remove(parent, LISTENER_NAMES)).containsExactly(orphan);
    }

    @Test
    void aListenersDirectoryNamesThisProcessAndIsKeptWhileItRuns() throws Exception {
        PrivateSocketDirectory ours = PrivateSocketDirectory.create(parent, Optional.empty());
        Path ownerFile = ours.directory().resolve(OrphanedSocketDirectories.OWNER_FILE);
        sleeper = new ProcessBuilder("sleep", "60").start();
        Path anotherProcesses = socketDirectory("rpcplugin1000000004", ownerOf(sleeper.pid()));

        assertThat(Owner.parse(Files.readString(ownerFile))).isEqualTo(ownerOf(ProcessHandle.current().pid()));
        assertThat(OrphanedSocketDirectories.remove(parent, LISTENER_NAMES)).isEmpty();
        assertThat(ours.directory()).isDirectory();
        assertThat(anotherProcesses).isDirectory();

        ours.delete();
        assertThat(ours.directory()).doesNotExist();
    }

    @Test
    void whatCannotBeJudgedIsKept() throws Exception {
        Owner gone = endedProcess();
        Path noOwnerFile = Files.createDirectory(parent.resolve("rpcplugin2000000001"));
        Path unreadableOwner = Files.createDirectory(parent.resolve("rpcplugin2000000002"));
        Files.writeString(unreadableOwner.resolve(OrphanedSocketDirectories.OWNER_FILE), "pid:[1] 12");
        Path otherNamespace = socketDirectory("rpcplugin2000000003", new Owner("pid:[1]", gone.pid(), gone.startTicks()));
        Path notAListenersName = socketDirectory("rpcplugin20000004", gone);
        Path target = socketDirectory("elsewhere5", gone);
        Path link = Files.createSymbolicLink(parent.resolve("rpcplugin2000000005"), target);
        Path plainFile = Files.writeString(parent.resolve("rpcplugin2000000006"), gone.format());

        assertThat(OrphanedSocketDirectories.remove(parent, LISTENER_NAMES)).isEmpty();
        assertThat(noOwnerFile).isDirectory();
        assertThat(unreadableOwner).isDirectory();
        assertThat(otherNamespace).isDirectory();
        assertThat(notAListenersName).isDirectory();
        assertThat(link).isSymbolicLink();
        assertThat(target.resolve(OrphanedSocketDirectories.OWNER_FILE)).isRegularFile();
        assertThat(plainFile).isRegularFile();
    }

    @Test
    void onlyNamesTheCallerGivesAreLookedAt() throws Exception {
        Owner gone = endedProcess();
        Path listeners = socketDirectory("rpcplugin3000000001", gone);
        Path somebodyElses = socketDirectory("other3000000002", gone);

        assertThat(OrphanedSocketDirectories.remove(parent, name -> name.startsWith("other")))
                .containsExactly(somebodyElses);
        assertThat(listeners).isDirectory();
    }

    @Test
    void aMissingParentRemovesNothing() {
        assertThat(OrphanedSocketDirectories.remove(parent.resolve("missing"), LISTENER_NAMES)).isEmpty();
    }

    @Test
    void listenerDirectoryNamesAreThePrefixAndTenDigits() {
        assertThat(OrphanedSocketDirectories.isListenerDirectoryName("rpcplugin1234567890")).isTrue();
        assertThat(OrphanedSocketDirectories.isListenerDirectoryName("rpcplugin123456789")).isFalse();
        assertThat(OrphanedSocketDirectories.isListenerDirectoryName("rpcplugin12345678901")).isFalse();
        assertThat(OrphanedSocketDirectories.isListenerDirectoryName("rpcplugin12345678x0")).isFalse();
        assertThat(OrphanedSocketDirectories.isListenerDirectoryName("rpcp1234567890")).isFalse();
    }

    @Test
    void startTicksAreReadPastACommandNameWithSpacesAndParentheses() throws Exception {
        // a shell waiting on a builtin keeps the script's file name as its command name
        Path script = Files.writeString(parent.resolve("a (b) c"), "#!/bin/sh\nread line\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        sleeper = new ProcessBuilder(script.toString()).start();
        Owner owner = ownerOf(sleeper.pid());
        assertThat(Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "comm"))).isEqualTo("a (b) c\n");

        assertThat(OrphanedSocketDirectories.startTicks(sleeper.pid())).isEqualTo(owner.startTicks());
        assertThat(OrphanedSocketDirectories.isRunning(owner)).isTrue();
    }

    private Path socketDirectory(String name, Owner owner) throws IOException {
        Path directory = Files.createDirectory(parent.resolve(name));
        Files.writeString(directory.resolve(OrphanedSocketDirectories.OWNER_FILE), owner.format());
        return directory;
    }

    /** A pid whose process has ended, as its start time was read while it ran. */
    private static Owner endedProcess() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        Owner owner = ownerOf(process.pid());
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(OrphanedSocketDirectories.isRunning(owner)).isFalse();
        return owner;
    }

    /** Reads namespace and start time on its own, so that the format is checked rather than reused. */
    private static Owner ownerOf(long pid) throws IOException {
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new Owner(namespace, pid, Long.parseLong(afterName[19]));
    }
}
