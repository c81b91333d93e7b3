package dev.rpcplugin.examples.support.testing;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The training runs that write an example's AppCDS archive at package time. The example is started
 * through its {@code bin/} script with {@code RPCPLUGIN_CDS_DUMP=1}, so the archive is made for
 * exactly the java and class path the script uses; it does real work (AutoMTLS, the app's calls),
 * then exits normally, which is when the JVM writes the archive. A plugin is driven through the
 * client library; a host is simply run with a command.
 */
public final class ArchiveTraining {

    /** Long enough for the JVM to write its archive after Shutdown. */
    private static final Duration DUMP_GRACE = Duration.ofSeconds(60);

    private ArchiveTraining() {
    }

    /** The work a training plugin does for the host. */
    @FunctionalInterface
    public interface Exercise {
        /**
         * @param client the started plugin
         * @throws Exception if the plugin misbehaves; training then fails
         */
        void run(PluginClient client) throws Exception;
    }

    /**
     * Trains a plugin module's AppCDS archive {@code target/cds/<module>.jsa}: starts
     * {@code bin/<module>} with AutoMTLS and {@code RPCPLUGIN_CDS_DUMP=1}, runs the exercise, kills it
     * gracefully and checks that the archive was written.
     *
     * @param moduleDirectory the module directory
     * @param module its name, e.g. {@code kv-plugin}
     * @param cookieKey the plugin's magic cookie
     * @param cookieValue its value
     * @param exercise the calls to make
     * @throws Exception if anything fails; the build then fails
     */
    public static void trainPlugin(Path moduleDirectory, String module, String cookieKey, String cookieValue,
            Exercise exercise) throws Exception {
        trainPlugin(moduleDirectory, module, cookieKey, cookieValue, exercise, Map.of("RPCPLUGIN_CDS_DUMP", "1"),
                moduleDirectory.resolve("target/cds").resolve(module + ".jsa"));
    }

    /**
     * Trains some other archive, e.g. a Java 25 AOT cache, with the environment that makes the
     * plugin's JVM write it.
     *
     * @param moduleDirectory the module directory
     * @param module its name, e.g. {@code kv-plugin}
     * @param cookieKey the plugin's magic cookie
     * @param cookieValue its value
     * @param exercise the calls to make
     * @param environment extra variables for the plugin, e.g. {@code JAVA_HOME} and {@code RPCPLUGIN_JAVA_OPTS}
     * @param archive the file the plugin's JVM must have written when it exits
     * @throws Exception if anything fails
     */
    public static void trainPlugin(Path moduleDirectory, String module, String cookieKey, String cookieValue,
            Exercise exercise, Map<String, String> environment, Path archive) throws Exception {
        Path work = freshDirectory(moduleDirectory.resolve("target/cds-training"));
        long start = System.nanoTime();
        try (PluginHost host = PluginHost.create()) {
            PluginClient client = Examples.pluginClient(host, moduleDirectory.resolve("bin").resolve(module),
                            cookieKey, cookieValue, work)
                    .autoMtls(true)
                    .environment(environment)
                    .stopGrace(DUMP_GRACE)
                    .build()
                    .start();
            try {
                exercise.run(client);
            } finally {
                client.kill();
            }
            OptionalInt status = client.awaitExit(Duration.ofSeconds(5));
            if (status == null || status.isPresent() && status.getAsInt() != 0) {
                throw new IllegalStateException(module + " did not exit normally after Shutdown (status " + status
                        + "), so it wrote no archive");
            }
        }
        report(archive, module, start);
    }

    /**
     * Trains a host module's archive: runs {@code bin/<module> args...} once with the environment
     * given (which names its plugin) and checks that it succeeded and wrote the archive.
     *
     * @param moduleDirectory the module directory
     * @param module its name, e.g. {@code kv-host}
     * @param environment extra variables, e.g. the plugin command and AutoMTLS switch
     * @param args the host command
     * @throws Exception if anything fails; the build then fails
     */
    public static void trainHost(Path moduleDirectory, String module, Map<String, String> environment,
            String... args) throws Exception {
        Path work = freshDirectory(moduleDirectory.resolve("target/cds-training"));
        long start = System.nanoTime();
        ScriptRun run = ScriptRun.of(moduleDirectory.resolve("bin").resolve(module), args).in(work)
                .env("RPCPLUGIN_CDS_DUMP", "1");
        environment.forEach(run::env);
        ScriptRun.Result result = run.run();
        if (result.exitCode() != 0) {
            throw new IllegalStateException(module + " training run failed: " + result);
        }
        report(moduleDirectory.resolve("target/cds").resolve(module + ".jsa"), module, start);
    }

    private static void report(Path archive, String module, long start) throws IOException {
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException("the training run of " + module + " wrote no archive " + archive);
        }
        System.out.printf("archive %s: %d KiB, trained in %d ms%n", archive, Files.size(archive) / 1024,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static Path freshDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (var files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(directory);
    }
}
