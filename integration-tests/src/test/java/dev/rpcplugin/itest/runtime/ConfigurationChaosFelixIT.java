package dev.rpcplugin.itest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.ServiceReference;

/**
 * Configuration Admin updates, deletions and re-creations under the same PID (as when a Karaf
 * {@code etc/} file is rewritten, removed and written again) and SIGKILLs of the plugins' processes, in a
 * random order with random pauses, on two plugins in Felix. Whatever the interleaving, each existing
 * configuration must settle with exactly one {@code PluginConnection} for a live process started from its
 * latest configuration, a deleted one with none, and no other plugin process may be left. The order comes
 * from a fixed seed (system property {@value #SEED_PROPERTY}).
 */
@Timeout(300)
class ConfigurationChaosFelixIT {

    static final String SEED_PROPERTY = "rpcplugin.chaos.seed";

    private static final int OPERATIONS = 30;
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final List<String> ALIASES = List.of("chaos-x", "chaos-y");

    private static RuntimeFramework felix;

    @BeforeAll
    static void startFelix() throws Exception {
        Path work = Path.of(System.getProperty("itest.work")).resolve("chaos-felix");
        Files.createDirectories(work);
        felix = RuntimeFramework.start(work);
    }

    @AfterAll
    static void stopFelix() {
        RuntimeFramework.closeLeavingNoPlugin(felix);
    }

    @Test
    void everyConfigurationSettlesWithOneConnectionToItsLatestProcessAndNoStrayProcess() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, 20261205L);
        Random random = new Random(seed);
        Map<String, Integer> generation = new TreeMap<>(); // present configurations only
        for (String alias : ALIASES) {
            generation.put(alias, 0);
            felix.configure(alias, config(alias, 0));
        }
        StringBuilder trail = new StringBuilder();
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < OPERATIONS; i++) {
            String alias = ALIASES.get(random.nextInt(ALIASES.size()));
            int dice = random.nextInt(100);
            String kind;
            if (!generation.containsKey(alias)) {
                generation.put(alias, 0);
                felix.configure(alias, config(alias, 0));
                kind = "create";
            } else if (dice < 30) {
                int next = generation.merge(alias, 1, Integer::sum);
                felix.configure(alias, config(alias, next));
                kind = "update";
            } else if (dice < 45) {
                felix.deleteConfiguration(alias);
                generation.remove(alias);
                kind = "delete";
            } else if (dice < 60) {
                felix.deleteConfiguration(alias);
                felix.configure(alias, config(alias, 0));
                generation.put(alias, 0);
                kind = "delete and create";
            } else {
                List<ProcessHandle> processes = processesOf(alias);
                if (processes.isEmpty()) {
                    kind = "kill (no process)";
                } else {
                    processes.get(random.nextInt(processes.size())).destroyForcibly();
                    kind = "kill";
                }
            }
            kinds.merge(kind, 1, Integer::sum);
            trail.append(i).append(' ').append(alias).append(": ").append(kind).append('\n');
            Thread.sleep(random.nextInt(1500));
        }
        System.out.println("chaos: seed " + seed + ", operations by kind " + kinds);

        Set<Long> serving = new TreeSet<>();
        for (String alias : ALIASES) {
            Integer latest = generation.get(alias);
            String what = latest == null ? alias + " deleted: no connection"
                    : alias + " serving its generation " + latest + " with one connection";
            long pid = Await.value(what + " (seed " + seed + ")\noperations:\n" + trail, SETTLE,
                    () -> settled(alias, latest));
            if (latest != null) {
                serving.add(pid);
            }
        }
        Await.until("only the serving processes " + serving + " left (seed " + seed + ")\noperations:\n" + trail,
                SETTLE, () -> pids(PluginProcesses.live()).equals(serving));
        for (String alias : ALIASES) {
            Integer latest = generation.get(alias);
            assertThat(felix.connections(alias)).as("connections of " + alias).hasSize(latest == null ? 0 : 1);
            if (latest != null) {
                assertThat(felix.status(alias).state()).as("state of " + alias).isEqualTo("SERVING");
            }
        }
        for (String alias : generation.keySet()) {
            felix.deleteConfiguration(alias);
        }
    }

    /** The settled pid (0 for a deleted configuration), or null while it is not settled. */
    private static Long settled(String alias, Integer latest) {
        List<ServiceReference<?>> connections = felix.connections(alias);
        if (latest == null) {
            return connections.isEmpty() && felix.status(alias) == null ? 0L : null;
        }
        if (connections.size() != 1) {
            return null;
        }
        long pid = (Long) connections.get(0).getProperty("plugin.pid");
        PluginStatus status = felix.status(alias);
        boolean latestProcess = PluginProcesses.alive(pid)
                && PluginProcesses.arguments(pid).contains(generationMarker(latest));
        return latestProcess && status != null && "SERVING".equals(status.state()) && status.pid() == pid ? pid : null;
    }

    private static Map<String, Object> config(String alias, int generation) {
        Map<String, Object> config = PluginConfigs.kvPlugin();
        String[] command = (String[]) config.get("command");
        String[] marked = new String[command.length + 2];
        marked[0] = command[0];
        marked[1] = "-Dchaos.slot=" + alias;
        marked[2] = generationMarker(generation);
        System.arraycopy(command, 1, marked, 3, command.length - 1);
        config.put("command", marked);
        config.put("name", alias);
        return config;
    }

    private static String generationMarker(int generation) {
        return "-Dchaos.generation=" + generation;
    }

    private static List<ProcessHandle> processesOf(String alias) {
        return PluginProcesses.live().stream()
                .filter(p -> PluginProcesses.arguments(p.pid()).contains("-Dchaos.slot=" + alias)).toList();
    }

    private static Set<Long> pids(List<ProcessHandle> processes) {
        Set<Long> pids = new TreeSet<>();
        for (ProcessHandle p : processes) {
            pids.add(p.pid());
        }
        return pids;
    }
}
