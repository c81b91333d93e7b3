package dev.rpcplugin.examples.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that start examples for real: each test gets a fresh working directory, and
 * afterwards no process may still be using it (a plugin runs in its host's working directory).
 */
public abstract class ScriptTest {

    /**
     * How long processes may take to go away after a test: a JVM's exit can take seconds on a loaded
     * machine; the wait ends as soon as none is left.
     */
    protected static final Duration LEFTOVER_WAIT = Duration.ofSeconds(20);

    /** The test's working directory for hosts and plugins. */
    @TempDir
    protected Path work;

    @AfterEach
    void nothingIsLeftRunning() throws InterruptedException {
        assertThat(Leftovers.awaitNone(work, LEFTOVER_WAIT)).as("processes left in %s", work).isEmpty();
    }

    /**
     * A run of a host script in {@link #work} with its plugin command set and its other switches
     * cleared, whatever the build's environment holds.
     *
     * @param host the host module, e.g. {@code kv-host}
     * @param pluginVariable the variable naming the plugin command, e.g. {@code KV_PLUGIN}
     * @param plugin the plugin module whose script it names, e.g. {@code kv-plugin}
     * @param args the host's arguments
     * @return the run, for more settings
     */
    protected ScriptRun hostRun(String host, String pluginVariable, String plugin, String... args) {
        String prefix = pluginVariable.substring(0, pluginVariable.length() - "PLUGIN".length());
        return ScriptRun.of(Examples.script(host), args).in(work)
                .env(pluginVariable, Examples.script(plugin).toString())
                .without(prefix + "MTLS")
                .without(prefix + "HOST_LOG_LEVEL");
    }
}
