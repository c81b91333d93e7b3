package dev.rpcplugin.examples.support.testing;

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
}
