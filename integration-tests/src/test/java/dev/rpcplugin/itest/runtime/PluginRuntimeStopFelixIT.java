package dev.rpcplugin.itest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.itest.runtime.RuntimeFramework.Serving;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;

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
        felix = RuntimeFramework.startWithKvPlugins("runtime-stop-felix", NAMES);
    }

    @AfterAll
    static void cleanUp() {
        RuntimeFramework.closeLeavingNoPlugin(felix);
    }

    @Test
    @Order(1)
    void bundleStopEndsEveryPluginBeforeItReturnsAndBundleStartBringsThemBack() throws Exception {
        List<Serving> running = felix.awaitServing(NAMES, START);
        Bundle runtime = felix.bundle("dev.rpcplugin.runtime");

        long begin = System.nanoTime();
        runtime.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(took).as("bundle stop duration").isLessThan(STOP_BOUND);
        for (Serving r : running) {
            assertThat(felix.connections(r.name())).as("services of %s", r.name()).isEmpty();
            assertThat(PluginProcesses.alive(r.pid())).as("process of %s", r.name()).isFalse();
            assertThat(r.socketDir()).as("socket directory of %s", r.name()).doesNotExist();
        }
        assertThat(PluginProcesses.live()).isEmpty();

        runtime.start();
        List<Serving> again = felix.awaitServing(NAMES, START);
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i).pid()).isNotEqualTo(running.get(i).pid());
        }
    }

    @Test
    @Order(2)
    void frameworkStopLeavesNoProcessSocketOrThread() {
        List<Serving> running = felix.awaitServing(NAMES, START);
        felix.close();
        felix = null;
        for (Serving r : running) {
            assertThat(PluginProcesses.alive(r.pid())).as("process of %s", r.name()).isFalse();
            assertThat(r.socketDir()).as("socket directory of %s", r.name()).doesNotExist();
        }
        Await.until("no rpcplugin thread left in this JVM", SHORT, () -> runtimeThreads().isEmpty());
    }

    private static List<String> runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("rpcplugin-"))
                .toList();
    }

}
