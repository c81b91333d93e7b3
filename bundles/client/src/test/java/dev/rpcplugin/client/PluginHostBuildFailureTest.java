package dev.rpcplugin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.client.internal.ProcessSpawner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostBuildFailureTest {

    @Test
    void anInvalidSpawnModeFailsTheBuildWithoutLeavingTheHostsEventLoopsOpen() throws Exception {
        String before = System.getProperty(ProcessSpawner.SPAWN_PROPERTY);
        System.setProperty(ProcessSpawner.SPAWN_PROPERTY, "posix");
        try {
            assertBuildFails(); // loads what a failed build loads, so that only leaks count below
            long open = openFileDescriptors();
            for (int i = 0; i < 3; i++) {
                assertBuildFails();
            }
            // each leaked event loop held an epoll, an event and a timer descriptor
            assertThat(openFileDescriptors()).as("file descriptors open after 3 failed builds").isLessThan(open + 3);
        } finally {
            if (before == null) {
                System.clearProperty(ProcessSpawner.SPAWN_PROPERTY);
            } else {
                System.setProperty(ProcessSpawner.SPAWN_PROPERTY, before);
            }
        }
    }

    @Test
    void aSocketDirectoryParentTooLongForTheSocketsOfJavaPluginsIsNamedInAWarning(@TempDir Path tmp) throws Exception {
        Path longParent = Files.createDirectories(tmp.resolve("d".repeat(60)));
        try (StderrCapture stderr = new StderrCapture(); PluginHost ignored = PluginHost.builder()
                .socketDirectoryParent(longParent).build()) {
            assertThat(stderr.text()).contains("the socket directory parent " + longParent + " is "
                    + longParent.toString().length() + " bytes long", "give a parent of at most 55 bytes");
        }
        try (StderrCapture stderr = new StderrCapture(); PluginHost ignored = PluginHost.builder()
                .socketDirectoryParent(tmp).build()) {
            assertThat(tmp.toString().length()).isLessThanOrEqualTo(55);
            assertThat(stderr.text()).doesNotContain("socket directory parent");
        }
    }

    private static void assertBuildFails() {
        assertThatThrownBy(() -> PluginHost.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ProcessSpawner.SPAWN_PROPERTY).hasMessageContaining("posix");
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
