package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The programs the fault tests start: the Go peers ({@code itest.go.bin}), the examples' launcher
 * scripts, the assembled container distribution and the JDK's tools. A missing one fails the test
 * (never skips it): in CI every one of them is built before the integration tests run.
 */
final class FaultPrograms {

    private FaultPrograms() {
    }

    /** A Go peer built by {@code integration-tests/go/build.sh}, e.g. {@code kv-plugin}. */
    static Path go(String name) {
        return executable(goBin().resolve(name), "Go peer " + name + " (built by integration-tests/go/build.sh)");
    }

    /** An example's launcher, e.g. {@code examples/streaming-plugin/bin/streaming-plugin}. */
    static Path example(String name) {
        return executable(projectRoot().resolve("examples").resolve(name).resolve("bin").resolve(name),
                "launcher of example " + name + " (needs mvn install of examples/" + name + ")");
    }

    /** The assembled container distribution ({@code mvn install -pl container -am}). */
    static Path containerHome() {
        Path home = projectRoot().resolve("container/target/rpcplugin-container");
        executable(home.resolve("bin/rpcplugin-container"), "container launcher (needs mvn install -pl container -am)");
        return home;
    }

    /** A tool of the JDK running the tests, e.g. {@code java} or {@code jcmd}. */
    static Path jdk(String tool) {
        return executable(Path.of(System.getProperty("java.home"), "bin", tool), "JDK tool " + tool);
    }

    /** The project's root directory ({@code itest.go.bin} is {@code <root>/integration-tests/go/bin}). */
    static Path projectRoot() {
        return goBin().toAbsolutePath().normalize().getParent().getParent().getParent();
    }

    private static Path goBin() {
        String bin = System.getProperty("itest.go.bin");
        assertThat(bin).as("system property itest.go.bin (set by the integration-tests pom)").isNotBlank();
        return Path.of(bin);
    }

    private static Path executable(Path path, String what) {
        assertThat(Files.isRegularFile(path) && Files.isExecutable(path)).as(what + " must be an executable at " + path)
                .isTrue();
        return path;
    }
}
