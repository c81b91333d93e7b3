package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HostWatcherTest {

    private static final ProcessHandle SELF = ProcessHandle.current();

    @Test
    void firesOnceWhenTheParentChanges() throws InterruptedException {
        AtomicReference<Optional<ProcessHandle>> parent = new AtomicReference<>(Optional.of(SELF));
        CountDownLatch fired = new CountDownLatch(1);
        try (HostWatcher watcher = new HostWatcher(SELF, parent::get, Duration.ofMillis(10), pid -> fired.countDown())) {
            watcher.start();
            assertThat(watcher.hostAlive()).isTrue();
            assertThat(fired.await(100, TimeUnit.MILLISECONDS)).isFalse();
            parent.set(Optional.empty());
            assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(watcher.hostAlive()).isFalse();
        }
    }

    @Test
    void firesWhenTheWatchedHostIsNoLongerAlive() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessHandle host = child.toHandle();
            CountDownLatch fired = new CountDownLatch(1);
            AtomicLong gone = new AtomicLong();
            try (HostWatcher watcher = new HostWatcher(host, () -> Optional.of(host), Duration.ofMillis(10), pid -> {
                gone.set(pid);
                fired.countDown();
            })) {
                watcher.start();
                assertThat(fired.await(100, TimeUnit.MILLISECONDS)).isFalse();
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(gone.get()).isEqualTo(host.pid());
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void followsShellsUpToTheFirstAncestorThatIsNotOne() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 30; exit 0").start();
        try {
            ProcessHandle sleeper = awaitChild(shell.toHandle());
            assertThat(HostWatcher.throughShells(sleeper, new ArrayList<>())).isEqualTo(sleeper);
            List<ProcessHandle> shells = new ArrayList<>();
            assertThat(HostWatcher.throughShells(shell.toHandle(), shells)).isEqualTo(SELF);
            assertThat(shells).containsExactly(shell.toHandle());

            CountDownLatch fired = new CountDownLatch(1);
            AtomicLong gone = new AtomicLong();
            try (HostWatcher watcher = new HostWatcher(shells, SELF, () -> Optional.of(shell.toHandle()),
                    Duration.ofMillis(10), pid -> {
                        gone.set(pid);
                        fired.countDown();
                    })) {
                watcher.start();
                assertThat(watcher.hostAlive()).isTrue();
                assertThat(fired.await(100, TimeUnit.MILLISECONDS)).isFalse();
                shell.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(gone.get()).as("the shell went, not the host").isEqualTo(shell.pid());
            }
        } finally {
            shell.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            // once it runs sleep: just after the fork it is still the shell
            Optional<ProcessHandle> child = parent.children().filter(c -> c.info().command()
                    .filter(command -> command.endsWith("/sleep")).isPresent()).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no sleep child of " + parent.pid());
    }

    @Test
    void doesNotFireAfterClose() throws InterruptedException {
        AtomicReference<Optional<ProcessHandle>> parent = new AtomicReference<>(Optional.of(SELF));
        CountDownLatch fired = new CountDownLatch(1);
        HostWatcher watcher = new HostWatcher(SELF, parent::get, Duration.ofMillis(10), pid -> fired.countDown());
        watcher.start();
        watcher.close();
        parent.set(Optional.empty());
        assertThat(fired.await(200, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void rejectsANonPositiveInterval() {
        assertThatThrownBy(() -> new HostWatcher(SELF, SELF::parent, Duration.ZERO, pid -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }
}
