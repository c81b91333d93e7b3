package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.transport.OrphanedSocketDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a host that gives no socket directory (go-plugin's default), a plugin killed by SIGKILL
 * leaves its private socket directory in the temp directory; the next plugin started there removes it.
 */
class OrphanedSocketDirectoryProcessTest {

    @TempDir
    Path tmp;

    @Test
    void theNextPluginRemovesTheSocketDirectoryAKilledPluginLeft() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(PluginProcess.hostEnvironment());
        env.put("TMPDIR", tmp.toString());
        Path killedDirectory;
        try (PluginProcess killed = PluginProcess.start(env)) {
            killedDirectory = Path.of(killed.nextStdoutLine().split("\\|", -1)[3]).getParent();
            assertThat(killedDirectory.getParent()).isEqualTo(tmp);
            assertThat(Files.readString(killedDirectory.resolve(OrphanedSocketDirectories.OWNER_FILE)))
                    .contains(" " + killed.pid() + " ");
            killed.process().destroyForcibly();
            assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(killedDirectory).as("a plugin killed by SIGKILL cannot clean up").isDirectory();

        try (PluginProcess next = PluginProcess.start(env)) {
            Path nextDirectory = Path.of(next.nextStdoutLine().split("\\|", -1)[3]).getParent();
            next.awaitStderr(line -> line.contains("removed socket directories left by plugins that were killed")
                    && line.contains(killedDirectory.toString()), PluginProcess.START_TIMEOUT);
            assertThat(killedDirectory).doesNotExist();
            assertThat(nextDirectory).isDirectory();
            next.close();
            assertThat(next.awaitExit(PluginProcess.START_TIMEOUT)).isEqualTo(143);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }
}
