package dev.rpcplugin.examples.support.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Times a plugin from exec to its handshake line, as a go-plugin host waits for it: the plugin is
 * started as a host would start it (cookie, {@code PLUGIN_PROTOCOL_VERSIONS}, sockets in a private
 * directory), the clock stops when the first stdout line arrives, then the plugin is stopped with
 * SIGTERM. Besides the wall-clock time, the CPU time the process had used by then is taken, which
 * a busy machine disturbs less. Only measures; asserts nothing about time. Close it to delete the
 * socket directory.
 */
public final class StartupTimer implements AutoCloseable {

    private final Path program;
    private final Map<String, String> hostEnvironment;
    private final Path sockets;

    /**
     * @param program the plugin's launcher script
     * @param hostEnvironment what a host would set, e.g. the magic cookie
     * @throws IOException if the socket directory cannot be made
     */
    public StartupTimer(Path program, Map<String, String> hostEnvironment) throws IOException {
        this.program = program;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        this.sockets = Files.createTempDirectory(Path.of("/tmp"), "bench");
    }

    /**
     * One launch, to the handshake line.
     *
     * @param wallMillis milliseconds from exec to the line
     * @param cpuMillis CPU milliseconds the process had used when the line arrived
     */
    public record Sample(double wallMillis, double cpuMillis) {
    }

    /**
     * Launches the plugin once.
     *
     * @param extra more environment for this launch, e.g. JVM settings
     * @return the times
     * @throws IOException if the plugin cannot be started or prints no handshake line
     * @throws InterruptedException if interrupted
     */
    public Sample launch(Map<String, String> extra) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(program.toString());
        builder.environment().putAll(hostEnvironment);
        builder.environment().put("PLUGIN_PROTOCOL_VERSIONS", "1");
        builder.environment().put("PLUGIN_UNIX_SOCKET_DIR", sockets.toString());
        builder.environment().putAll(extra);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.directory(sockets.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            double wall = (System.nanoTime() - start) / 1e6;
            Duration cpu = process.info().totalCpuDuration().orElse(Duration.ZERO);
            if (line == null || !line.startsWith("1|1|")) {
                throw new IOException(program + " printed no handshake line but \"" + line + "\" with " + extra);
            }
            return new Sample(wall, cpu.toNanos() / 1e6);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * One line of figures: median, min and max of wall-clock and CPU time.
     *
     * @param label what was measured
     * @param samples the launches
     * @return the line
     */
    public static String summary(String label, List<Sample> samples) {
        return String.format("%-40s wall %s | cpu %s (n=%d)", label + ":", stats(samples, Sample::wallMillis),
                stats(samples, Sample::cpuMillis), samples.size());
    }

    private static String stats(List<Sample> samples, ToDoubleFunction<Sample> value) {
        List<Double> sorted = samples.stream().map(value::applyAsDouble).sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format("median %4.0f ms, min %4.0f, max %4.0f", median, sorted.get(0), sorted.get(n - 1));
    }

    /** Deletes the socket directory and whatever plugins left in it. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> left = Files.walk(sockets)) {
            for (Path file : (Iterable<Path>) left.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}
