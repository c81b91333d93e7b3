package dev.rpcplugin.itest.karaf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Apache Karaf unpacked from its tar.gz and run as {@code bin/karaf server}, reachable only on
 * loopback (ssh and JMX bound to 127.0.0.1 on free ports), resolving Maven URLs from the local
 * repository only. Commands go through {@code bin/client -b}.
 */
final class RunningKaraf implements AutoCloseable {

    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    private final Path home;
    private final int sshPort;
    private final Process process;
    private final Path console;

    private RunningKaraf(Path home, int sshPort, Process process, Path console) {
        this.home = home;
        this.sshPort = sshPort;
        this.process = process;
        this.console = console;
    }

    /**
     * Unpacks Karaf into {@code work} (emptied first), configures it and starts it (not yet ready).
     *
     * @param extraRepository a Maven repository directory searched before the local repository
     */
    static RunningKaraf start(Path tarball, Path work, Path localRepository, Path extraRepository, String version)
            throws IOException, InterruptedException {
        run(work, Duration.ofSeconds(60), "tar", "xzf", tarball.toString());
        Path home = work.resolve("apache-karaf-" + version);
        int sshPort = freePort();
        Path etc = home.resolve("etc");
        KarafConfig.set(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        KarafConfig.set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(sshPort));
        KarafConfig.set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryHost", "127.0.0.1");
        KarafConfig.set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", String.valueOf(freePort()));
        KarafConfig.set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerHost", "127.0.0.1");
        KarafConfig.set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", String.valueOf(freePort()));
        KarafConfig.set(etc.resolve("config.properties"), "karaf.shutdown.host", "127.0.0.1");
        KarafConfig.set(etc.resolve("system.properties"), "java.rmi.server.hostname", "127.0.0.1");
        KarafConfig.uncomment(etc.resolve("users.properties"), "karaf = ");
        KarafConfig.uncomment(etc.resolve("users.properties"), "_g_\\:admingroup = ");
        // offline: the local repository (prefetched by the build) and Karaf's own system/ and kar/ only
        KarafConfig.set(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.repositories", "");
        KarafConfig.set(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.localRepository",
                localRepository.toString());
        KarafConfig.set(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.offline", "true");
        KarafConfig.set(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.defaultRepositories",
                "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                        + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots, "
                        + extraRepository.toUri() + "@id=rpcplugin.repository@snapshots");

        Path console = work.resolve("karaf-console.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        javaEnvironment(builder.environment());
        return new RunningKaraf(home, sshPort, builder.start(), console);
    }

    Path home() {
        return home;
    }

    /** Karaf's main log, or what its JVM printed when it ended before logging, for failure messages. */
    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        if (Files.exists(log)) {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        return "(no data/log/karaf.log); console:\n"
                + (Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "(no console output)");
    }

    /**
     * Runs shell commands in one client session, stopping at the first failing one.
     *
     * @return the exit code and the combined output
     */
    ClientResult client(Duration bound, String... commands) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Karaf exited with " + process.exitValue() + "; log:\n" + log());
        }
        Path input = Files.createTempFile(home, "commands", ".txt");
        Files.writeString(input, String.join("\n", commands) + "\n", StandardCharsets.UTF_8);
        Path output = Files.createTempFile(home, "client", ".out");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-h", "127.0.0.1", "-a", String.valueOf(sshPort), "-u", "karaf", "-p", "karaf", "-b")
                .directory(home.toFile())
                .redirectInput(input.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        javaEnvironment(builder.environment());
        Process client = builder.start();
        try {
            if (!client.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("bin/client did not finish within " + bound + ": " + List.of(commands));
            }
            return new ClientResult(client.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            client.descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly();
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    /** The exit code and combined output of one {@code bin/client} run. */
    record ClientResult(int exitCode, String output) {

        boolean ok() {
            return exitCode == 0 && !output.contains("Error executing command") && !output.contains("Command not found");
        }
    }

    /** Repeats {@code command} until it succeeds or {@code bound} passes (Karaf boots its features asynchronously). */
    ClientResult awaitCommand(Duration bound, String command) throws IOException, InterruptedException {
        return awaitOutput(bound, command, output -> true);
    }

    /** Repeats {@code command} until its output satisfies {@code expected} or {@code bound} passes. */
    ClientResult awaitOutput(Duration bound, String command, Predicate<String> expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        ClientResult last;
        do {
            last = client(Duration.ofSeconds(60), command);
            if (last.ok() && expected.test(last.output())) {
                return last;
            }
            Thread.sleep(500);
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("'" + command + "' did not show what was expected within " + bound
                + "; last output:\n" + last.output() + "\nkaraf.log:\n" + log());
    }

    /** The pids of Karaf's JVM and everything it started. */
    List<Long> processTree() {
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** Asks Karaf to shut down, waits (bounded), then kills whatever is left of its process tree. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (process.isAlive()) {
                client(Duration.ofSeconds(30), "system:shutdown -f");
                process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void javaEnvironment(Map<String, String> env) {
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("KARAF_DEBUG");
        env.remove("EXTRA_JAVA_OPTS");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(Path dir, Duration bound, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        try {
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IOException("failed: " + String.join(" ", command));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
