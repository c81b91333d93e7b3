package dev.rpcplugin.examples.support.testing;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginClientBuilder;
import dev.rpcplugin.client.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the examples live when their tests run: the {@code examples.dir} system property. */
public final class Examples {

    private Examples() {
    }

    /** The examples directory (set by the build; else the parent of the working directory). */
    public static Path directory() {
        String configured = System.getProperty("examples.dir");
        return (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
    }

    /**
     * The launcher script {@code <examples>/<module>/bin/<name>}.
     *
     * @param module the module directory name, e.g. {@code kv-plugin}
     * @param name the script name
     * @return its absolute path
     * @throws IllegalStateException if it is missing or not executable
     */
    public static Path script(String module, String name) {
        Path script = directory().resolve(module).resolve("bin").resolve(name);
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " is missing or not executable");
        }
        return script;
    }

    /** {@link #script(String, String)} for a module whose script has the module's name. */
    public static Path script(String module) {
        return script(module, module);
    }

    /**
     * A client for a plugin module's launcher script, as a host would configure it: the cookie,
     * app protocol version 1, the working directory.
     *
     * @param host the shared host resources
     * @param script the plugin's {@code bin/} script
     * @param cookieKey the plugin's magic cookie
     * @param cookieValue its value
     * @param workingDirectory where the plugin runs (and keeps its files)
     * @return the builder, for more settings
     */
    public static PluginClientBuilder pluginClient(PluginHost host, Path script, String cookieKey, String cookieValue,
            Path workingDirectory) {
        return PluginClient.builder(host)
                .command(script.toString())
                .workingDirectory(workingDirectory)
                .magicCookie(cookieKey, cookieValue)
                .protocolVersions(1);
    }
}
