package dev.rpcplugin.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host killed with SIGKILL takes its plugins with it (parent-death signal), even a plugin that never
 * watches its host; without the option the plugin is orphaned, as under go-plugin.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PluginDiesWithItsHostTest {

    @TempDir
    Path sockets;

    @Test
    void pluginIsKilledWhenItsHostIsKilled() throws Exception {
        try (HostUnderTest host = HostUnderTest.start(true, sockets)) {
            long pid = host.pluginPid();
            long killedAt = System.nanoTime();
            host.kill();
            TestSupport.assertGone(pid);
            System.out.printf("plugin gone %d ms after its host was killed%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        }
    }

    @Test
    void pluginStartedThroughJavaLangProcessIsKilledWhenItsHostIsKilled() throws Exception {
        // there the plugin runs under setsid as well as setpriv
        try (HostUnderTest host = HostUnderTest.start(true, sockets, "jdk")) {
            long pid = host.pluginPid();
            host.kill();
            TestSupport.assertGone(pid);
        }
    }

    @Test
    void theNextHostRemovesTheSocketDirectoryAKilledHostLeft() throws Exception {
        try (HostUnderTest host = HostUnderTest.start(true, sockets)) {
            long pid = host.pluginPid();
            host.kill();
            TestSupport.assertGone(pid);
        }
        assertThat(socketDirectories()).as("left by the killed host").hasSize(1);

        try (PluginHost next = PluginHost.builder().socketDirectoryParent(sockets).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!socketDirectories().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(socketDirectories()).as("after a new host started").isEmpty();
        }
    }

    @Test
    void withoutTheOptionThePluginIsOrphaned() throws Exception {
        try (HostUnderTest host = HostUnderTest.start(false, sockets)) {
            long pid = host.pluginPid();
            host.kill();
            Thread.sleep(1500); // longer than the host-death figure above, so an orphan is visible
            ProcessHandle orphan = ProcessHandle.of(pid).orElseThrow();
            try {
                assertThat(orphan.isAlive()).as("orphaned plugin %d", pid).isTrue();
            } finally {
                orphan.destroyForcibly();
                TestSupport.assertGone(pid);
            }
        }
    }

    private List<Path> socketDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(sockets)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("rpcp")).toList();
        }
    }

    /** A child JVM running {@link HostDeathHostMain}. */
    private static final class HostUnderTest implements AutoCloseable {
        private final Process process;
        private long pluginPid = -1;

        private HostUnderTest(Process process) {
            this.process = process;
        }

        static HostUnderTest start(boolean killPluginsWithHost, Path sockets) throws Exception {
            return start(killPluginsWithHost, sockets, "auto");
        }

        static HostUnderTest start(boolean killPluginsWithHost, Path sockets, String spawnMode) throws Exception {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Drpcplugin.spawn=" + spawnMode, "-cp", System.getProperty("java.class.path"),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    HostDeathHostMain.class.getName(), Boolean.toString(killPluginsWithHost), sockets.toString());
            return new HostUnderTest(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }

        long pluginPid() throws Exception {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            // the host prints one line once its plugin serves; a dead host ends the stream instead
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("plugin-pid ")) {
                    pluginPid = Long.parseLong(line.substring("plugin-pid ".length()).trim());
                    return pluginPid;
                }
            }
            throw new AssertionError("host exited before its plugin served: " + process.waitFor());
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup of its own
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            if (pluginPid > 0) {
                ProcessHandle.of(pluginPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
