package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HostWatcherTest {

    private static final ProcessHandle SELF = ProcessHandle.current();

    @Test
    void firesOnceWhenTheParentChanges() throws InterruptedException {
        AtomicReference<Optional<ProcessHandle>> parent = new AtomicReference<>(Optional.of(SELF));
        CountDownLatch fired = new CountDownLatch(1);
        try (HostWatcher watcher = new HostWatcher(SELF, parent::get, Duration.ofMillis(10), fired::countDown)) {
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
            try (HostWatcher watcher = new HostWatcher(host, () -> Optional.of(host), Duration.ofMillis(10),
                    fired::countDown)) {
                watcher.start();
                assertThat(fired.await(100, TimeUnit.MILLISECONDS)).isFalse();
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void doesNotFireAfterClose() throws InterruptedException {
        AtomicReference<Optional<ProcessHandle>> parent = new AtomicReference<>(Optional.of(SELF));
        CountDownLatch fired = new CountDownLatch(1);
        HostWatcher watcher = new HostWatcher(SELF, parent::get, Duration.ofMillis(10), fired::countDown);
        watcher.start();
        watcher.close();
        parent.set(Optional.empty());
        assertThat(fired.await(200, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void rejectsANonPositiveInterval() {
        assertThatThrownBy(() -> new HostWatcher(SELF, SELF::parent, Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }
}
