package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The container distribution, running interactively (stdin kept open) with three plugins (the Go KV
 * plugin, the Java KV plugin and the Java streaming plugin), is killed with SIGKILL: no shutdown hook,
 * no ordered teardown. Every plugin it launched must exit within 1 s anyway: the client starts plugins
 * with a Linux parent-death signal, which the kernel delivers the moment the container process dies.
 * Each plugin also leads a process group of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContainerKillIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final long LIMIT_MILLIS = 1_000;

    @Test
    void everyPluginExitsWithinOneSecondOfTheContainersSigkill() throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("fck")) {
            ContainerCopy container = ContainerCopy.create(scratch.path());
            Path sockets = scratch.directory("s");
            container.plugin("gokv", ContainerCopy.pluginAttributes(FaultPrograms.go("kv-plugin"), "BASIC_PLUGIN",
                    "hello", sockets));
            container.plugin("javakv", ContainerCopy.pluginAttributes(container.javaKvPlugin(), "BASIC_PLUGIN",
                    "hello", sockets));
            container.plugin("streaming", ContainerCopy.pluginAttributes(FaultPrograms.example("streaming-plugin"),
                    "DATA_PROCESSOR", "stream", sockets));

            try (ContainerCopy.Running running = container.start("--wait", "80")) {
                // printed once every configured plugin is SERVING (or the wait is over)
                running.awaitStdout("RESTARTS", READY);
                Map<String, Long> table = PluginListing.servingPids(running.stdout());
                assertThat(table).as("plugin:list after start:\n" + running.stdout() + "\nstderr:\n" + running.stderr())
                        .containsOnlyKeys("gokv", "javakv", "streaming");

                ProcessHandle jvm = running.process().toHandle();
                List<ProcessHandle> plugins = new ArrayList<>();
                for (long pid : table.values()) {
                    ProcessHandle plugin = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
                    assertThat(plugin.parent().map(ProcessHandle::pid)).as("parent of plugin " + pid)
                            .hasValue(jvm.pid());
                    // so that a Ctrl-C at the container's terminal reaches the container, which stops it
                    assertThat(ResourceCounts.processGroup(plugin)).as("process group of plugin " + pid)
                            .isEqualTo(pid);
                    plugins.add(plugin);
                }
                running.track(plugins);
                assertThat(jvm.descendants().filter(ResourceCounts::running).map(ProcessHandle::pid).toList())
                        .as("the container's processes are its plugins").containsExactlyInAnyOrderElementsOf(table.values());

                long killed = System.nanoTime();
                running.process().destroyForcibly(); // SIGKILL on Linux
                Map<Long, Long> exitMillis = new LinkedHashMap<>();
                Poll.until(Duration.ofSeconds(5), 1, () -> {
                    long now = System.nanoTime();
                    for (ProcessHandle plugin : plugins) {
                        if (!exitMillis.containsKey(plugin.pid()) && !ResourceCounts.running(plugin)) {
                            exitMillis.put(plugin.pid(), (now - killed) / 1_000_000);
                        }
                    }
                    return exitMillis.size() == plugins.size();
                });
                assertThat(running.process().waitFor(5, TimeUnit.SECONDS)).as("the container JVM ended").isTrue();

                Map<String, Long> byName = new LinkedHashMap<>();
                table.forEach((name, pid) -> byName.put(name, exitMillis.getOrDefault(pid, -1L)));
                System.out.println("fault: container SIGKILLed (exit " + running.process().exitValue()
                        + "); ms until each plugin had exited: " + byName);
                assertThat(byName).as("ms from the container's SIGKILL to each plugin's exit (-1: still running"
                        + " after 5 s)").allSatisfy((name, millis) -> assertThat(millis).as(name)
                                .isBetween(0L, LIMIT_MILLIS));
                try (Stream<Path> left = Files.list(container.tmp())) {
                    // a go-plugin 1.0.1 plugin ignores socket.dir; its socket stays until a later host removes it
                    assertThat(left.map(entry -> entry.getFileName().toString()))
                            .as("what the killed container and its plugins left in their temp directory")
                            .allMatch(name -> name.matches("plugin\\d+"));
                }
            }
        }
    }
}
