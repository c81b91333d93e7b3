package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin started without its host's cookie behaves exactly like a Go plugin. */
class CookieProcessTest {

    private static final List<String> NOT_A_HOST = List.of(
            "This binary is a plugin. These are not meant to be executed directly.",
            "Please execute the program that consumes these plugins, which will",
            "load any plugins automatically");

    @Test
    void missingCookiePrintsGoPluginsMessageAndExitsOne() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.remove(PluginProcess.COOKIE_KEY);
        assertRefused(env, NOT_A_HOST);
    }

    @Test
    void wrongCookiePrintsTheSameMessage() throws Exception {
        Map<String, String> env = PluginProcess.hostEnvironment();
        env.put(PluginProcess.COOKIE_KEY, "goodbye");
        assertRefused(env, NOT_A_HOST);
    }

    @Test
    void emptyCookieInThePluginIsReportedAsMisconfigured() throws Exception {
        assertRefused(PluginProcess.hostEnvironment(), List.of(
                "Misconfigured ServeConfig given to serve this plugin: no magic cookie",
                "key or value was set. Please notify the plugin author and report",
                "this as a bug."), "cookie=empty");
    }

    private static void assertRefused(Map<String, String> env, List<String> expectedStderr, String... args)
            throws Exception {
        try (PluginProcess plugin = PluginProcess.start(env, args)) {
            int status = plugin.awaitExit(PluginProcess.START_TIMEOUT);
            assertThat(status).isEqualTo(1);
            assertThat(plugin.remainingStdout()).isEmpty();
            assertThat(plugin.stderr()).containsExactlyElementsOf(expectedStderr);
        }
    }
}
