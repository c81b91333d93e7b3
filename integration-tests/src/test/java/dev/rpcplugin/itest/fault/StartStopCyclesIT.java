package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 start/stop cycles of the Go KV plugin through {@link PluginClient}, a few at a time: each
 * cycle launches the plugin, makes a Put and a Get, kills it gracefully and sees it exit with status 0
 * (or 137 when it missed the grace on a loaded machine, for at most one cycle in twenty).
 * Nothing may be left: no descendant process, file descriptor, host thread or socket file or
 * directory, counted before and after (and, for per-plugin resources, also while the host still lives).
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class StartStopCyclesIT {

    /** The number; a system property for local experiments. */
    private static final int CYCLES = Integer.getInteger("itest.fault.cycles", 1_000);
    private static final int WORKERS = 4;
    private static final int WARM_UP_CYCLES = 20;
    /** grpc-java releases its shared executor about a second after the last channel closed. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /**
     * Bound on one run of cycles: about 65 s for 1,000 on an idle 2-core machine, so room for a loaded
     * machine several times slower; only a hang should reach it.
     */
    private static final Duration CYCLES_BOUND = Duration.ofSeconds(720);
    /**
     * Threads the host's cached pools may add while the host lives: they follow the busiest moment of
     * their keep-alive (on a loaded machine a finished thread is often not back in time for the next task),
     * not the number of cycles; a thread left per cycle is far above.
     */
    private static final long POOL_THREAD_ALLOWANCE = Math.max(64, CYCLES / 10);
    /**
     * Cycles whose plugin may miss the 2 s grace and be SIGKILLed (exit 137) on a loaded machine; a
     * graceful stop that never works makes every cycle one.
     */
    private static final int MAX_KILLED_CYCLES = CYCLES / 20;

    @Test
    void thousandStartStopCyclesLeaveNoProcessFileDescriptorThreadOrSocket() throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("flc")) {
            Path sockets = scratch.directory("s");
            Path work = scratch.directory("w");

            // classes, native libraries and JDK-wide helpers are loaded once: not per host, not a leak
            try (PluginHost warmUp = host(sockets)) {
                assertThat(runCycles(warmUp, sockets, work, WARM_UP_CYCLES).failures).as("warm-up failures").isEmpty();
            }
            ResourceCounts before = settled(sockets, null);

            Stats stats;
            ResourceCounts hostAfterWarmUp;
            ResourceCounts hostAfterCycles;
            try (PluginHost host = host(sockets)) {
                assertThat(runCycles(host, sockets, work, WARM_UP_CYCLES).failures).as("warm-up failures").isEmpty();
                hostAfterWarmUp = ResourceCounts.capture(sockets);
                stats = runCycles(host, sockets, work, CYCLES);
                // a channel's socket may still be closing on its event loop when the last kill returned
                Poll.until(SETTLE, 50, () -> perPluginResourcesNoMoreThan(ResourceCounts.capture(sockets),
                        hostAfterWarmUp));
                hostAfterCycles = ResourceCounts.capture(sockets);
            }
            ResourceCounts after = settled(sockets, before);

            System.out.printf("fault: %d start/stop cycles (%d workers) of the Go KV plugin in %d ms; start median %d ms"
                    + " p99 %d ms; kill median %d ms p99 %d ms; exit codes %s%n", CYCLES, WORKERS, stats.wallMillis,
                    stats.startMillis(50), stats.startMillis(99), stats.killMillis(50), stats.killMillis(99),
                    stats.exitCodes);
            System.out.println("fault: resources before the host: " + before);
            System.out.println("fault: resources after the host : " + after);
            System.out.println("fault: with the host open, after " + WARM_UP_CYCLES + " cycles: " + hostAfterWarmUp);
            System.out.println("fault: with the host open, after " + CYCLES + " more cycles: " + hostAfterCycles);

            assertThat(stats.failures).as("failed cycles").isEmpty();
            assertThat(stats.completed.get()).isEqualTo(CYCLES);
            // while the host lives, a cycle leaves no process, socket or file descriptor behind
            assertThat(hostAfterCycles.processes()).as("plugin processes while the host lives").isZero();
            assertThat(hostAfterCycles.socketEntries()).as("socket entries while the host lives").isZero();
            assertThat(hostAfterCycles.fileDescriptors()).as("file descriptors after the cycles, host open")
                    .isLessThanOrEqualTo(hostAfterWarmUp.fileDescriptors());
            assertThat(hostAfterCycles.allThreads()).as("threads after the cycles, host open")
                    .isLessThanOrEqualTo(hostAfterWarmUp.allThreads() + POOL_THREAD_ALLOWANCE);
            assertThat(stats.exitCodes.getOrDefault(137, 0)).as("cycles whose plugin was SIGKILLed after the grace")
                    .isLessThanOrEqualTo(MAX_KILLED_CYCLES);
            // and once it is closed, the JVM is back where it was before the host
            assertThat(after.processes()).as("descendant processes").isLessThanOrEqualTo(before.processes());
            assertThat(after.fileDescriptors()).as("file descriptors").isLessThanOrEqualTo(before.fileDescriptors());
            assertThat(after.socketEntries()).as("socket files and directories").isZero();
            for (Map.Entry<String, Long> threads : after.threads().entrySet()) {
                assertThat(threads.getValue()).as("threads named " + threads.getKey() + "*")
                        .isLessThanOrEqualTo(before.threads().get(threads.getKey()));
            }
        } finally {
            ResourceCounts.liveDescendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Processes, socket entries and file descriptors (what one plugin leaks) not above {@code baseline}. */
    private static boolean perPluginResourcesNoMoreThan(ResourceCounts counts, ResourceCounts baseline) {
        return counts.processes() == 0 && counts.socketEntries() == 0
                && counts.fileDescriptors() <= baseline.fileDescriptors();
    }

    private static PluginHost host(Path sockets) {
        return PluginHost.builder().socketDirectoryParent(sockets).loggerPrefix("fault.cycles").build();
    }

    /** Counts after a bounded wait for lingering threads to end (until nothing exceeds {@code baseline}). */
    private static ResourceCounts settled(Path sockets, ResourceCounts baseline) {
        if (baseline == null) {
            // the warm-up host's pool threads are gone with it; grpc's shared executor ends shortly after
            Poll.until(SETTLE, 50, () -> ResourceCounts.capture(sockets).threads().get("grpc-") == 0);
            return ResourceCounts.capture(sockets);
        }
        Poll.until(SETTLE, 50, () -> ResourceCounts.capture(sockets).noMoreThan(baseline));
        return ResourceCounts.capture(sockets);
    }

    private static Stats runCycles(PluginHost host, Path sockets, Path work, int cycles) throws Exception {
        Stats stats = new Stats();
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < cycles; i = next.getAndIncrement()) {
                        cycle(host, sockets, work, i, stats);
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + CYCLES_BOUND.toNanos();
            for (Future<?> worker : running) {
                worker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        stats.wallMillis = (System.nanoTime() - started) / 1_000_000;
        return stats;
    }

    private static void cycle(PluginHost host, Path sockets, Path work, int index, Stats stats) {
        long t0 = System.nanoTime();
        PluginClient plugin = PluginClient.builder(host).command(FaultPrograms.go("kv-plugin").toString())
                .magicCookie("BASIC_PLUGIN", "hello")
                .hostEnvironmentAllowList(List.of("PATH", "HOME"))
                // go-plugin 1.0.1 puts its socket in TMPDIR (it predates PLUGIN_UNIX_SOCKET_DIR)
                .environment("TMPDIR", sockets.toString())
                .environment("KV_PLUGIN_MEMORY", "1")
                .workingDirectory(work)
                .startTimeout(Duration.ofSeconds(20))
                .build();
        try {
            plugin.start();
            long t1 = System.nanoTime();
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(plugin.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
            String key = "k" + index;
            kv.put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("v" + index)).build());
            String value = kv.get(GetRequest.newBuilder().setKey(key).build()).getValue().toStringUtf8();
            long t2 = System.nanoTime();
            plugin.kill();
            long t3 = System.nanoTime();
            OptionalInt exit = plugin.awaitExit(Duration.ofSeconds(5));
            // 0 after the graceful Shutdown; 137 only if the plugin missed the 2 s grace (a loaded machine)
            if (!value.equals("v" + index) || exit.isEmpty() || exit.getAsInt() != 0 && exit.getAsInt() != 137) {
                stats.failures.add("cycle " + index + ": got value " + value + ", exit " + exit);
            } else {
                stats.record(t1 - t0, t3 - t2, exit.getAsInt());
            }
        } catch (Exception | AssertionError e) {
            stats.failures.add("cycle " + index + ": " + e);
            plugin.kill();
        }
    }

    /** What the cycles measured; thread-safe. */
    private static final class Stats {
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger completed = new AtomicInteger();
        final Map<Integer, Integer> exitCodes = new ConcurrentHashMap<>();
        private final List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> kills = Collections.synchronizedList(new ArrayList<>());
        long wallMillis;

        void record(long startNanos, long killNanos, int exitCode) {
            exitCodes.merge(exitCode, 1, Integer::sum);
            starts.add(startNanos);
            kills.add(killNanos);
            completed.incrementAndGet();
        }

        long startMillis(int percentile) {
            return percentile(starts, percentile);
        }

        long killMillis(int percentile) {
            return percentile(kills, percentile);
        }

        private static long percentile(List<Long> values, int percentile) {
            List<Long> sorted;
            synchronized (values) {
                sorted = new ArrayList<>(values);
            }
            if (sorted.isEmpty()) {
                return -1;
            }
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1_000_000;
        }
    }
}
