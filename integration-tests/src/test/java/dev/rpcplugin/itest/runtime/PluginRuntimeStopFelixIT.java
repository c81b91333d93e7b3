package dev.rpcplugin.itest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Stopping the runtime bundle, then the whole framework, with plugins running: every service, process,
 * socket directory and runtime thread is gone when the stop returns, and the stop itself is bounded.
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginRuntimeStopFelixIT {

    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofSeconds(10);
    /** Bound on a stop with two well-behaved plugins (their drain and grace are far below it). */
    private static final Duration STOP_BOUND = Duration.ofSeconds(20);
    private static final List<String> NAMES = List.of("stop-a", "stop-b");

    private static RuntimeFramework felix;

    @BeforeAll
    static void startFelix() throws Exception {
        Path work = Path.of(System.getProperty("itest.work")).resolve("runtime-stop-felix");
        Files.createDirectories(work);
        felix = RuntimeFramework.start(work);
        for (String name : NAMES) {
            felix.configure(name, PluginConfigs.kvPlugin());
        }
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (felix != null) {
                felix.close();
            }
        } finally {
            assertThat(PluginProcesses.killAll()).as("plugin processes left behind").isZero();
        }
    }

    @Test
    @Order(1)
    void bundleStopEndsEveryPluginBeforeItReturnsAndBundleStartBringsThemBack() throws Exception {
        List<Running> running = awaitServing();
        Bundle runtime = felix.bundle("dev.rpcplugin.runtime");

        long begin = System.nanoTime();
        runtime.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(took).as("bundle stop duration").isLessThan(STOP_BOUND);
        for (Running r : running) {
            assertThat(felix.connections(r.name())).as("services of %s", r.name()).isEmpty();
            assertThat(PluginProcesses.alive(r.pid())).as("process of %s", r.name()).isFalse();
            assertThat(r.socketDir()).as("socket directory of %s", r.name()).doesNotExist();
        }
        assertThat(PluginProcesses.live()).isEmpty();

        runtime.start();
        List<Running> again = awaitServing();
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i).pid()).isNotEqualTo(running.get(i).pid());
        }
    }

    @Test
    @Order(2)
    void frameworkStopLeavesNoProcessSocketOrThread() {
        List<Running> running = awaitServing();
        felix.close();
        felix = null;
        for (Running r : running) {
            assertThat(PluginProcesses.alive(r.pid())).as("process of %s", r.name()).isFalse();
            assertThat(r.socketDir()).as("socket directory of %s", r.name()).doesNotExist();
        }
        Await.until("no rpcplugin thread left in this JVM", SHORT, () -> runtimeThreads().isEmpty());
    }

    private static List<Running> awaitServing() {
        List<Running> running = new ArrayList<>();
        for (String name : NAMES) {
            ServiceReference<?> ref = Await.value(name + " serving", START, () -> felix.connection(name));
            running.add(new Running(name, (Long) ref.getProperty("plugin.pid"),
                    felix.socketDirectory(ref, PluginConfigs.SOCKET_DIR)));
        }
        return running;
    }

    private static List<String> runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("rpcplugin-"))
                .toList();
    }

    private record Running(String name, long pid, Path socketDir) {
    }
}
