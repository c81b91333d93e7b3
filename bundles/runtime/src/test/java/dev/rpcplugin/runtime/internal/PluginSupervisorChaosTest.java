package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.api.PluginState;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration updates, admin stops, starts and restarts, SIGKILLed plugin processes (serving or not),
 * failing health checks and deleted and at once re-created configurations, in a random order with random
 * pauses, on two plugins at once. Whatever the interleaving, once the operations end every plugin must
 * settle where its last operation put it: serving with exactly one registered service for a live process
 * that the status names, or stopped with none, and no other plugin process may be left. The order comes
 * from a fixed seed (system property {@value #SEED_PROPERTY} to try others, {@value #OPERATIONS_PROPERTY}
 * for more than 40 operations); the pauses make the interleavings differ from run to run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PluginSupervisorChaosTest {

    static final String SEED_PROPERTY = "rpcplugin.chaos.seed";

    static final String OPERATIONS_PROPERTY = "rpcplugin.chaos.operations";
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private PluginRuntime runtime;
    private final List<Slot> slots = new ArrayList<>();
    private final List<CompletableFuture<Void>> closing = new ArrayList<>();
    private final StringBuilder trail = new StringBuilder();

    @TempDir
    Path flags;

    /** One configuration: its current supervisor, the registrar it registers with, and what it should be. */
    private final class Slot {
        final String alias;
        PluginSupervisor supervisor;
        RecordingRegistrar registrar;
        boolean wanted = true;
        int generation;

        Slot(String alias) {
            this.alias = alias;
            create();
        }

        void create() {
            registrar = new RecordingRegistrar();
            supervisor = new PluginSupervisor("dev.rpcplugin.plugin~" + alias, runtime, registrar);
            runtime.registry().add(supervisor);
            supervisor.configure(properties());
            wanted = true;
        }

        /** As a deleted configuration: DS deactivates without waiting for the teardown. */
        void delete() {
            runtime.registry().remove(supervisor);
            closing.add(supervisor.close());
        }

        Map<String, Object> properties() {
            Map<String, Object> p = PluginSupervisorTest.tiny(alias);
            p.put("start.timeout", "30s");
            p.put("service.pid", supervisor.pid());
            p.put("health.interval", "100ms");
            p.put("health.timeout", "10s"); // only the flag may fail a check, not a slow machine
            p.put("environment", "TINY_UNHEALTHY_FLAG=" + unhealthyFlag());
            // in the command, where each process shows whose it is and which configuration it was started with
            String[] command = (String[]) p.get("command");
            String[] marked = new String[command.length + 2];
            marked[0] = command[0];
            marked[1] = slotMarker();
            marked[2] = generationMarker();
            System.arraycopy(command, 1, marked, 3, command.length - 1);
            p.put("command", marked);
            return p;
        }

        Path unhealthyFlag() {
            return flags.resolve(alias + ".unhealthy");
        }

        String slotMarker() {
            return "-Dchaos.slot=" + alias;
        }

        String generationMarker() {
            return "-Dchaos.generation=" + generation;
        }
    }

    @BeforeEach
    void activate() {
        runtime = new PluginRuntime();
        runtime.activate();
    }

    @AfterEach
    void deactivate() throws Exception {
        for (Slot slot : slots) {
            slot.delete();
        }
        for (CompletableFuture<Void> closed : closing) {
            closed.get(30, TimeUnit.SECONDS);
        }
        runtime.deactivate();
        assertThat(PluginSupervisorTest.tinyPlugins()).as("plugin processes left").isEmpty();
    }

    @Test
    void everyPluginSettlesWhereItsLastOperationPutItWithOneServiceAndNoStrayProcess() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, 20261205L);
        Random random = new Random(seed);
        Map<String, Integer> kinds = new TreeMap<>();
        slots.add(new Slot("chaos-a"));
        slots.add(new Slot("chaos-b"));

        int operations = Integer.getInteger(OPERATIONS_PROPERTY, 40);
        for (int i = 0; i < operations; i++) {
            Slot slot = slots.get(random.nextInt(slots.size()));
            int dice = random.nextInt(100);
            String kind;
            String done;
            if (dice < 20) {
                kind = "update";
                slot.generation++;
                slot.supervisor.configure(slot.properties());
                done = "update to generation " + slot.generation;
            } else if (dice < 28) {
                kind = "stop";
                slot.supervisor.stop();
                slot.wanted = false;
                done = "stop";
            } else if (dice < 40) {
                kind = "start";
                slot.supervisor.start();
                slot.wanted = true;
                done = "start";
            } else if (dice < 50) {
                kind = "restart";
                slot.supervisor.restart();
                slot.wanted = true;
                done = "restart";
            } else if (dice < 68) {
                kind = "kill serving";
                StatusSnapshot now = slot.supervisor.snapshot();
                if (now.running() == null) {
                    done = "kill: nothing running (" + now.state() + ")";
                } else {
                    long pid = now.running().pid();
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    done = "kill -9 " + pid;
                }
            } else if (dice < 80) {
                kind = "kill any";
                // any process of this plugin: one starting, serving, being swapped out or stopping
                List<ProcessHandle> processes = PluginSupervisorTest.tinyPlugins().stream()
                        .filter(p -> PluginSupervisorTest.arguments(p.pid()).contains(slot.slotMarker())).toList();
                if (processes.isEmpty()) {
                    done = "kill any: no process";
                } else {
                    ProcessHandle victim = processes.get(random.nextInt(processes.size()));
                    victim.destroyForcibly();
                    done = "kill -9 any: " + victim.pid() + " of " + processes.size();
                }
            } else if (dice < 92) {
                kind = "health flip";
                Path flag = slot.unhealthyFlag();
                if (Files.deleteIfExists(flag)) {
                    done = "healthy again";
                } else {
                    Files.createFile(flag);
                    done = "unhealthy";
                }
            } else {
                kind = "delete and re-create";
                slot.delete();
                slot.generation = 0;
                slot.create();
                done = "delete and re-create";
            }
            trail.append(i).append(' ').append(slot.alias).append(": ").append(done).append('\n');
            kinds.merge(kind, 1, Integer::sum);
            Thread.sleep(random.nextInt(1200));
        }

        System.out.println("chaos: seed " + seed + ", operations by kind " + kinds);
        for (Slot slot : slots) {
            Files.deleteIfExists(slot.unhealthyFlag());
        }
        for (Slot slot : slots) {
            settle(slot, seed);
        }
        // every process that is not a serving incarnation ends: retired, killed or replaced ones alike
        Set<Long> serving = new TreeSet<>();
        for (Slot slot : slots) {
            if (slot.wanted) {
                serving.add(slot.supervisor.snapshot().running().pid());
            }
        }
        awaitUntil(() -> livePids().equals(serving) ? Boolean.TRUE : null,
                () -> "plugin processes " + livePids() + ", serving " + serving, seed);
        for (Slot slot : slots) {
            assertThat(slot.supervisor.snapshot().state()).as(slot.alias + " after the stray processes ended")
                    .isEqualTo(slot.wanted ? PluginState.SERVING : PluginState.STOPPED);
            assertThat(slot.registrar.live()).hasSize(slot.wanted ? 1 : 0);
        }
    }

    private void settle(Slot slot, long seed) {
        if (!slot.wanted) {
            awaitUntil(() -> slot.supervisor.snapshot().state() == PluginState.STOPPED && slot.registrar.live().isEmpty()
                    ? Boolean.TRUE : null, () -> slot.alias + " should be STOPPED with no service: " + describe(slot), seed);
            return;
        }
        awaitUntil(() -> {
            StatusSnapshot now = slot.supervisor.snapshot();
            List<RecordingRegistrar.Entry> live = slot.registrar.live();
            if (now.state() != PluginState.SERVING || now.running() == null || live.size() != 1) {
                return null;
            }
            long pid = now.running().pid();
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            // not the old incarnation while the last update's is still starting
            boolean latest = PluginSupervisorTest.arguments(pid).contains(slot.generationMarker());
            return alive && latest && live.get(0).connection().description().pid() == pid ? Boolean.TRUE : null;
        }, () -> slot.alias + " should be SERVING with one service of its live process: " + describe(slot), seed);
        assertThat(slot.supervisor.snapshot().command()).as(slot.alias).isNotEmpty();
    }

    private static String describe(Slot slot) {
        StatusSnapshot now = slot.supervisor.snapshot();
        List<String> live = new ArrayList<>();
        for (RecordingRegistrar.Entry entry : slot.registrar.live()) {
            live.add("pid " + entry.connection().description().pid());
        }
        return now.state() + ", running " + (now.running() == null ? "none" : "pid " + now.running().pid()
                + " " + PluginSupervisorTest.arguments(now.running().pid()).stream()
                        .filter(a -> a.startsWith("-Dchaos.")).toList())
                + ", wanted " + slot.generationMarker()
                + ", last failure " + now.lastFailure() + ", services " + live;
    }

    private <T> T awaitUntil(Supplier<T> probe, Supplier<String> what, long seed) {
        return PluginSupervisorTest.awaitUntil(probe, SETTLE,
                () -> "not settled (seed " + seed + "): " + what.get() + "\noperations:\n" + trail);
    }

    private static Set<Long> livePids() {
        Set<Long> pids = new TreeSet<>();
        for (ProcessHandle p : PluginSupervisorTest.tinyPlugins()) {
            pids.add(p.pid());
        }
        return pids;
    }
}
