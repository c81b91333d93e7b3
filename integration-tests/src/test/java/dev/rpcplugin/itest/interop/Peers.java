package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the programs on the other side live: the Go peers built into {@code itest.go.bin} by
 * {@code integration-tests/go/build.sh}, the Python peers in {@code integration-tests/python} and the Java
 * examples' launcher scripts. A missing program
 * fails the test (never skips it): in CI every one of them must exist.
 */
final class Peers {

    private Peers() {
    }

    /** A Go peer: {@code kv-plugin}, {@code kv-host}, {@code counter-plugin}, {@code counter-host}, {@code bench-host}. */
    static Path go(String name) {
        String bin = System.getProperty("itest.go.bin");
        assertThat(bin).as("system property itest.go.bin (set by the integration-tests pom)").isNotBlank();
        return executable(Path.of(bin).resolve(name),
                "Go peer " + name + " (built by integration-tests/go/build.sh in pre-integration-test)");
    }

    /** An example's launcher script, e.g. {@code example("kv-plugin")} is {@code examples/kv-plugin/bin/kv-plugin}. */
    static Path example(String name) {
        return executable(projectRoot().resolve("examples").resolve(name).resolve("bin").resolve(name),
                "launcher script of example " + name + " (needs mvn install of examples/" + name + ")");
    }

    /**
     * A Python peer in {@code integration-tests/python}, e.g. {@code python("kv_plugin.py")}: started
     * directly (its {@code #!/usr/bin/python3} line picks the system Python, which has Debian's grpcio).
     */
    static Path python(String name) {
        return executable(projectRoot().resolve("integration-tests").resolve("python").resolve(name),
                "Python peer " + name + " (integration-tests/python)");
    }

    /** The project's root directory, found from {@code itest.go.bin} ({@code <root>/integration-tests/go/bin}). */
    static Path projectRoot() {
        String bin = System.getProperty("itest.go.bin");
        assertThat(bin).as("system property itest.go.bin (set by the integration-tests pom)").isNotBlank();
        return Path.of(bin).toAbsolutePath().normalize().getParent().getParent().getParent();
    }

    private static Path executable(Path path, String what) {
        assertThat(Files.isRegularFile(path) && Files.isExecutable(path)).as(what + " must be an executable at " + path)
                .isTrue();
        return path;
    }
}
