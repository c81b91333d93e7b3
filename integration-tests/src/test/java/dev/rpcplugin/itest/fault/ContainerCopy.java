package dev.rpcplugin.itest.fault;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private home of the assembled container distribution, so that tests never share its {@code etc/}
 * or {@code data/} with anyone: {@code bin/} is copied (the launcher finds its home from its own
 * location), {@code lib/}, {@code bundle/} and {@code plugins/} are links to the distribution, and
 * {@code etc/} holds the distribution's property files plus the plugin configurations a test writes.
 */
final class ContainerCopy {

    private final Path home;
    private final Path tmp;

    private ContainerCopy(Path home, Path tmp) {
        this.home = home;
        this.tmp = tmp;
    }

    /** Makes the home in {@code dir/home}; the container's {@code TMPDIR} and {@code java.io.tmpdir} are {@code dir/t}. */
    static ContainerCopy create(Path dir) throws IOException {
        Path dist = FaultPrograms.containerHome();
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("bin"));
        Files.copy(dist.resolve("bin/rpcplugin-container"), home.resolve("bin/rpcplugin-container"),
                StandardCopyOption.COPY_ATTRIBUTES);
        for (String shared : List.of("lib", "bundle", "plugins")) {
            Files.createSymbolicLink(home.resolve(shared), dist.resolve(shared));
        }
        Files.createDirectories(home.resolve("etc"));
        for (String properties : List.of("config.properties", "system.properties")) {
            Files.copy(dist.resolve("etc").resolve(properties), home.resolve("etc").resolve(properties));
        }
        return new ContainerCopy(home, Files.createDirectories(dir.resolve("t")));
    }

    Path home() {
        return home;
    }

    /** The container's temp directory. */
    Path tmp() {
        return tmp;
    }

    /** The Java KV example plugin as shipped in the distribution. */
    Path javaKvPlugin() {
        return home.resolve("plugins/kv-plugin/bin/kv-plugin");
    }

    /** Writes {@code etc/dev.rpcplugin.plugin-NAME.cfg}. */
    void plugin(String name, Map<String, String> attributes) throws IOException {
        StringBuilder text = new StringBuilder();
        attributes.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(home.resolve("etc/dev.rpcplugin.plugin-" + name + ".cfg"), text, StandardCharsets.UTF_8);
    }

    /** The attributes every test plugin shares: cookie, timings and the socket parent. */
    static Map<String, String> pluginAttributes(Path command, String cookieKey, String cookieValue, Path socketDir) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("command", command.toString());
        attributes.put("magic.cookie.key", cookieKey);
        attributes.put("magic.cookie.value", cookieValue);
        attributes.put("start.timeout", "60s");
        // the tests read the states a moment after start-up: on a loaded machine a health check slower than
        // the default 2 s would make a serving plugin UNHEALTHY until the next check, 5 s later
        attributes.put("health.timeout", "5s");
        attributes.put("socket.dir", socketDir.toString());
        return attributes;
    }

    /**
     * Starts the launcher with {@code args}; stdout and stderr go to files in the home's parent, stdin is
     * a pipe the caller keeps open (interactive mode waits on it) or closes.
     */
    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/rpcplugin-container").toString());
        command.addAll(List.of(args));
        Path out = home.resolveSibling("stdout.txt");
        Path err = home.resolveSibling("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // go-plugin 1.0.1 plugins put their sockets in TMPDIR; the JVM's temp files go there too
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        return new Running(builder.start(), out, err);
    }

    /** A started container: its JVM (the launcher script ends in {@code exec java}) and its output files. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;
        private final List<ProcessHandle> started = new ArrayList<>();

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        Process process() {
            return process;
        }

        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /**
         * Remembers plugin processes to kill in {@link #close()} should they outlive the container (a
         * handle kills only the process it was made for, never a later one with the same pid).
         */
        void track(List<ProcessHandle> plugins) {
            started.addAll(plugins);
        }

        /** Waits (bounded) until stdout contains {@code text}; fails with both outputs otherwise. */
        void awaitStdout(String text, Duration limit) throws IOException {
            boolean seen = Poll.until(limit, 50, () -> {
                try {
                    return stdout().contains(text) || !process.isAlive();
                } catch (IOException e) {
                    return false;
                }
            });
            if (!seen || !stdout().contains(text)) {
                throw new AssertionError("no \"" + text + "\" on the container's stdout within " + limit + " (alive: "
                        + process.isAlive() + ")\n--- stdout:\n" + stdout() + "--- stderr:\n" + stderr());
            }
        }

        /** Waits (bounded) for the exit, closing stdin first. */
        int finish(Duration limit) throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the container did not exit within " + limit + "\n--- stderr:\n" + stderr());
            }
            return process.exitValue();
        }

        /** SIGKILLs whatever is left: the container's descendants, the container, tracked plugins. */
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Override
    public String toString() {
        return "ContainerCopy[" + home + File.separator + "]";
    }
}
