package dev.rpcplugin.client.internal;

import static dev.rpcplugin.client.TestSupport.assertGone;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final ProcessScans scans = new ProcessScans(() -> {
        reads.incrementAndGet();
        return ProcessTable.read();
    });
    private Process root;
    private List<ProcessHandle> children = List.of();

    @AfterEach
    void killEverything() throws InterruptedException {
        children.forEach(ProcessHandle::destroyForcibly);
        if (root != null) {
            root.destroyForcibly();
            root.waitFor();
        }
    }

    @Test
    void aChildRememberedBeforeItsParentDiedIsKilledAfterWithoutAnotherRead() throws Exception {
        root = new ProcessBuilder("sh", "-c", "sleep 300 & wait").start();
        children = awaitChildren(root, 1);
        ProcessTree tree = new ProcessTree(root.toHandle(), scans, Runnable::run);
        tree.remember();
        assertThat(reads).hasValue(1);

        root.destroyForcibly();
        assertThat(root.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(children.get(0).isAlive()).as("the orphan, before killAll").isTrue();

        assertThat(tree.killAll()).isEqualTo(1);
        assertGone(children.get(0).pid());
        assertThat(reads).as("an ended root's children are no longer under it: no read").hasValue(1);
    }

    @Test
    void killAllFindsChildrenStartedAfterTheLastRemember() throws Exception {
        // the root waits on its stdin, not for its child: once killAll() has killed the child, a root in
        // "wait" would return and exit on its own, and then not be there to be signalled
        root = new ProcessBuilder("sh", "-c", "read line; sleep 300 & read line").start();
        ProcessTree tree = new ProcessTree(root.toHandle(), scans, Runnable::run);
        tree.remember();
        root.getOutputStream().write("go\n".getBytes());
        root.getOutputStream().flush();
        children = awaitChildren(root, 1);

        assertThat(tree.killAll()).isEqualTo(2);
        assertGone(children.get(0).pid());
        assertThat(root.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anOrphanOfARootThatDiedUnwatchedIsFoundByTheRootsEnvironmentMarker() throws Exception {
        String marker = "RPCPLUGIN_TEST_TREE=" + UUID.randomUUID();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!");
        builder.environment().put("RPCPLUGIN_TEST_TREE", marker.substring(marker.indexOf('=') + 1));
        root = builder.start();
        long orphanPid = Long.parseLong(new String(root.getInputStream().readAllBytes()).trim());
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        children = List.of(orphan);
        assertThat(root.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessTree unmarked = new ProcessTree(root.toHandle(), scans, Runnable::run);
        ProcessTree tree = new ProcessTree(root.toHandle(), scans, Runnable::run, marker);

        assertThat(unmarked.killAll()).as("never seen under its parent").isZero();
        assertThat(orphan.isAlive()).isTrue();
        assertThat(tree.killAll()).isEqualTo(1);
        assertGone(orphan.pid());
    }

    @Test
    void childrenForkedWhileTheTreeIsKilledAreKilledToo() throws Exception {
        String value = UUID.randomUUID().toString();
        String marker = "RPCPLUGIN_TEST_TREE=" + value;
        for (int round = 0; round < 5; round++) {
            // a loop that forks every 10 ms: some of its children are born between the read and its death
            ProcessBuilder builder = new ProcessBuilder("sh", "-c",
                    "( while :; do sleep 100 & sleep 0.01; done ) & exec sleep 300");
            builder.environment().put("RPCPLUGIN_TEST_TREE", value);
            root = builder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessTable.withEnvironmentEntry(root.pid(), marker).size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ProcessTree tree = new ProcessTree(root.toHandle(), scans, Runnable::run, marker);

            assertThat(tree.killAll()).isGreaterThanOrEqualTo(4);

            assertThat(root.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long settled = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            List<ProcessHandle> left = ProcessTable.withEnvironmentEntry(root.pid(), marker);
            while (!left.isEmpty() && System.nanoTime() < settled) { // a SIGKILLed process takes a moment to go
                Thread.sleep(20);
                left = ProcessTable.withEnvironmentEntry(root.pid(), marker);
            }
            children = left;
            assertThat(left).as("round " + round + ": processes of the killed tree still alive").isEmpty();
        }
    }

    private static List<ProcessHandle> awaitChildren(Process process, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (process.children().count() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<ProcessHandle> found = process.children().toList();
        assertThat(found).as("children of the test process").hasSize(count);
        return found;
    }
}
