package dev.rpcplugin.itest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.ServiceReference;

/**
 * A plugin that keeps crashing, in the runtime in Felix: the Go KV plugin is SIGKILLed each time it
 * serves, 200 times, and the runtime restarts it each time. And a plugin whose configuration keeps
 * changing: 100 updates that replace its process, every fifth a delete and a new configuration instead.
 * The runtime must not grow with either: with the framework still running, the JVM's threads and file
 * descriptors are back to where they were after the warm-up rounds, one plugin process is left (the
 * serving one), one {@code PluginConnection} is registered for it, and its socket directory holds its
 * socket alone.
 */
@Timeout(300)
class CrashLoopFelixIT {

    private static final int WARM_UP_KILLS = 20;
    private static final int KILLS = Integer.getInteger("itest.runtime.crash.kills", 200);
    private static final int WARM_UP_CHANGES = 10;
    private static final int CHANGES = 100;
    private static final Duration RESTART_LIMIT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String NAME = "flapping";
    /**
     * Threads the runtime's cached pools may keep beyond the baseline: they follow the busiest moment of
     * their keep-alive, not the number of restarts; a thread left per restart is far above.
     */
    private static final long THREAD_ALLOWANCE = 32;
    /** File descriptors the JVM may open for good after the warm-up (none was seen). */
    private static final long FD_ALLOWANCE = 2;

    @Test
    void aPluginKilled200TimesLeavesTheRuntimeAsItWas() throws Exception {
        roundsLeaveTheRuntimeAsItWas("crash-loop", CrashLoopFelixIT::goKvPlugin, WARM_UP_KILLS, KILLS,
                "kills and restarts", (felix, sockets, pid, round) -> killAndAwaitRestart(felix, pid));
    }

    @Test
    void aPluginReconfigured100TimesLeavesTheRuntimeAsItWas() throws Exception {
        roundsLeaveTheRuntimeAsItWas("config-churn", sockets -> churning(sockets, -1), WARM_UP_CHANGES, CHANGES,
                "configuration changes", CrashLoopFelixIT::change);
    }

    /** One round on the serving plugin; returns the pid of the process serving after it. */
    @FunctionalInterface
    private interface Round {
        long run(RuntimeFramework felix, Path sockets, long pid, int round);
    }

    /**
     * Configures the plugin, runs {@code warmUp} rounds, counts, runs {@code rounds} more and checks that
     * nothing grew; the framework is stopped at the end, leaving no plugin process.
     */
    private static void roundsLeaveTheRuntimeAsItWas(String workName, Function<Path, Map<String, Object>> config,
            int warmUp, int rounds, String what, Round round) throws Exception {
        Path work = Path.of(System.getProperty("itest.work")).resolve(workName);
        Files.createDirectories(work);
        // go-plugin 1.0.1 makes its socket in TMPDIR: a directory of this test's own, to count what is left
        Path sockets = Files.createTempDirectory(work, "t");
        RuntimeFramework felix = RuntimeFramework.start(work);
        try {
            felix.configure(NAME, config.apply(sockets));
            long pid = servingPid(felix, -1);
            for (int i = 0; i < warmUp; i++) {
                pid = round.run(felix, sockets, pid, i);
            }
            Counts before = Counts.settled(sockets, null);
            long started = System.nanoTime();
            for (int i = warmUp; i < warmUp + rounds; i++) {
                pid = round.run(felix, sockets, pid, i);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            Counts after = Counts.settled(sockets, before);
            System.out.println("runtime: " + rounds + " " + what + " in " + millis + " ms; after the warm-up " + before
                    + ", after the " + what + " " + after);

            assertThat(felix.connections(NAME)).as("connections registered").hasSize(1);
            assertThat(servingPid(felix, -1)).as("the serving process").isEqualTo(pid);
            assertThat(after.plugins()).as("plugin processes").containsExactly(pid);
            assertThat(after.socketEntries()).as("entries in the plugins' TMPDIR").hasSize(1);
            assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + THREAD_ALLOWANCE);
            assertThat(after.fileDescriptors()).as("file descriptors")
                    .isLessThanOrEqualTo(before.fileDescriptors() + FD_ALLOWANCE);
        } finally {
            felix.close();
            assertThat(goPlugins()).as("plugin processes left after the framework stopped").isEmpty();
        }
    }

    /** Change {@code i}: an update that replaces the process, or every fifth a delete and a new configuration. */
    private static long change(RuntimeFramework felix, Path sockets, long pid, int i) {
        if (i % 5 == 4) {
            felix.deleteConfiguration(NAME);
            Await.until(NAME + " gone after its configuration was deleted", RESTART_LIMIT,
                    () -> felix.connections(NAME).isEmpty() && goPlugins().isEmpty());
        }
        felix.configure(NAME, churning(sockets, i));
        return servingPid(felix, pid);
    }

    /** The Go KV plugin with a variable that changes with {@code change}, which makes an update replace it. */
    private static Map<String, Object> churning(Path sockets, int change) {
        Map<String, Object> p = goKvPlugin(sockets);
        p.put("environment", new String[] {"KV_PLUGIN_MEMORY=1", "TMPDIR=" + sockets, "CHANGE=" + change});
        p.put("drain.timeout", "0");
        return p;
    }

    private static Map<String, Object> goKvPlugin(Path sockets) {
        Map<String, Object> p = new HashMap<>();
        p.put("command", new String[] {Path.of(System.getProperty("itest.go.bin"), "kv-plugin").toString()});
        p.put("magic.cookie.key", "BASIC_PLUGIN");
        p.put("magic.cookie.value", "hello");
        // none of this JVM's variables: an inherited TMPDIR would win over this one
        p.put("environment.policy", "none");
        p.put("environment", new String[] {"KV_PLUGIN_MEMORY=1", "TMPDIR=" + sockets});
        p.put("restart.policy", "always");
        p.put("restart.backoff.initial", "10ms");
        p.put("restart.backoff.max", "20ms");
        p.put("health.interval", "0");
        p.put("start.timeout", "20s");
        return p;
    }

    /** SIGKILLs the serving process and waits until a new one serves; returns its pid. */
    private static long killAndAwaitRestart(RuntimeFramework felix, long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return servingPid(felix, pid);
    }

    /** The pid of the serving process once it is another than {@code previous}. */
    private static long servingPid(RuntimeFramework felix, long previous) {
        return Await.value(NAME + " serving in a process other than " + previous, RESTART_LIMIT, () -> {
            List<ServiceReference<?>> refs = felix.connections(NAME);
            if (refs.size() != 1) {
                return null;
            }
            long pid = (Long) refs.get(0).getProperty("plugin.pid");
            return pid != previous ? pid : null;
        });
    }

    private static List<Long> goPlugins() {
        String plugin = Path.of(System.getProperty("itest.go.bin"), "kv-plugin").toString();
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> PluginProcesses.arguments(p.pid()).contains(plugin))
                .map(ProcessHandle::pid).toList();
    }

    /** What a restart could leave behind, counted at one moment. */
    private record Counts(long threads, long fileDescriptors, List<Long> plugins, List<String> socketEntries) {

        static Counts now(Path sockets) {
            return new Counts(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count(),
                    count(Path.of("/proc/self/fd")), goPlugins(), entries(sockets));
        }

        /**
         * Counts once the kills' processes and sockets are gone and nothing exceeds {@code baseline}, or
         * as they are after {@link #SETTLE}: the caller's assertions say what stayed.
         */
        static Counts settled(Path sockets, Counts baseline) throws InterruptedException {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (true) {
                Counts c = now(sockets);
                boolean settled = c.plugins().size() == 1 && c.socketEntries().size() <= 1
                        && (baseline == null || c.fileDescriptors() <= baseline.fileDescriptors() + FD_ALLOWANCE
                                && c.threads() <= baseline.threads() + THREAD_ALLOWANCE);
                if (settled || System.nanoTime() - deadline >= 0) {
                    return c;
                }
                Thread.sleep(50);
            }
        }

        private static long count(Path dir) {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static List<String> entries(Path dir) {
            try (Stream<Path> entries = Files.walk(dir)) {
                List<String> names = new ArrayList<>();
                entries.filter(p -> !p.equals(dir)).forEach(p -> names.add(dir.relativize(p).toString()));
                return names;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
