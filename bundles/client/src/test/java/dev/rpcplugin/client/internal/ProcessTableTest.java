package dev.rpcplugin.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {

    private Process root;

    @AfterEach
    void killTree() throws InterruptedException {
        if (root != null) {
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
            root.waitFor();
        }
    }

    @Test
    void fieldsAreCountedFromTheLastParenthesisOfTheCommandName() {
        String stat = "4242 (odd ) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

        assertThat(ProcessTable.parseParentAndStart(stat)).containsExactly(17, 987654);
    }

    @Test
    void aLineWithTooFewFieldsOrNoCommandIsSkipped() {
        assertThat(ProcessTable.parseParentAndStart("4242 (name) S 17 4242")).isNull();
        assertThat(ProcessTable.parseParentAndStart("4242 name S 17")).isNull();
        assertThat(ProcessTable.parseParentAndStart("4242 (name) S x 4242 4242 0 -1 1 1 0 0 0 1 2 0 0 20 0 1 0 9 1"))
                .isNull();
    }

    @Test
    void findsTheSameDescendantsAsTheJdk() throws Exception {
        root = treeOfThree();

        ProcessTable table = ProcessTable.read();

        assertThat(table.available()).isTrue();
        assertThat(pids(table.descendantsOf(root.toHandle()))).isEqualTo(pids(root.descendants().toList()))
                .hasSize(2);
    }

    @Test
    void aRootThatStartedMomentsAgoHasItsDescendantsFoundAmongTheNewerProcesses() throws Exception {
        root = treeOfThree();

        long lastPidBefore = ProcessTable.lastAllocatedPid(ProcessTable.PROC);
        ProcessTable table = ProcessTable.readFrom(root.pid());
        long lastPidAfter = ProcessTable.lastAllocatedPid(ProcessTable.PROC);

        assertThat(pids(table.descendantsOf(root.toHandle()))).isEqualTo(pids(root.descendants().toList()))
                .hasSize(2);
        // Older processes may hold higher pids once allocation has wrapped (pid_max is 32768 on many
        // machines); pid 1 is always older and lower, so it shows which way the table was read.
        if (root.pid() <= lastPidBefore && lastPidBefore <= lastPidAfter) {
            assertThat(table.pids()).doesNotContain(1L).allMatch(pid -> pid >= root.pid());
        } else if (lastPidBefore <= lastPidAfter && lastPidAfter < root.pid()) {
            assertThat(table.pids()).contains(1L, root.pid());
        }
    }

    @Test
    void olderPidsAreReadToo_whenPidAllocationWrappedAroundSinceTheRootStarted(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("loadavg"), "0.50 0.40 0.30 1/81 120\n");
        for (long pid : new long[] {100, 300, 400}) {
            Files.createDirectories(proc.resolve(Long.toString(pid)));
            Files.writeString(proc.resolve(pid + "/stat"), pid + " (p) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
                    + pid + " 0 0\n");
        }

        assertThat(ProcessTable.lastAllocatedPid(proc)).isEqualTo(120);
        assertThat(ProcessTable.readFrom(proc, 300).pids()).containsExactlyInAnyOrder(100L, 300L, 400L);
        assertThat(ProcessTable.readFrom(proc, 110).pids()).containsExactlyInAnyOrder(300L, 400L);
    }

    @Test
    void anUnreadableLastPidCountsAsAWrap(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("7"));
        Files.writeString(proc.resolve("7/stat"), "7 (p) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0\n");

        assertThat(ProcessTable.lastAllocatedPid(proc)).isEqualTo(-1);
        assertThat(ProcessTable.readFrom(proc, 300).pids()).containsExactly(7L);
    }

    @Test
    void anEndedRootHasNoDescendants() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        assertThat(ProcessTable.read().descendantsOf(ended.toHandle())).isEmpty();
    }

    @Test
    void withoutAProcDirectoryTheJdkAnswers(@TempDir Path empty) throws Exception {
        root = treeOfThree();

        ProcessTable table = ProcessTable.read(empty.resolve("missing"));

        assertThat(table.available()).isFalse();
        assertThat(pids(table.descendantsOf(root.toHandle()))).isEqualTo(pids(root.descendants().toList()))
                .hasSize(2);
    }

    /** sh -> sh -> sleep, once the grandchild is there. */
    private static Process treeOfThree() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", "sh -c 'sleep 300 & wait' & wait").start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (process.descendants().count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(process.descendants().count()).as("descendants of the test tree").isEqualTo(2);
        return process;
    }

    private static Set<Long> pids(List<ProcessHandle> handles) {
        return handles.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
