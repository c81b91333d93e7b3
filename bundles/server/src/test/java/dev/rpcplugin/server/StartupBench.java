package dev.rpcplugin.server;

import dev.rpcplugin.security.AutoMtlsCertificates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Measures how long the test plugin takes from exec to its handshake line, as a host waits for it.
 * Prints each launch and the median; asserts nothing about time. Run with
 * {@code java -cp <test class path> dev.rpcplugin.server.StartupBench [launches] [automtls] [plugin args...]};
 * {@code automtls} makes the host send a certificate, so the plugin generates its own before the line.
 */
public final class StartupBench {

    private StartupBench() {
    }

    /**
     * One launch: wall-clock milliseconds from exec to the handshake line, the plugin's CPU time
     * (user + system, all threads) at that moment, and the line.
     */
    record Launch(double millis, double cpuMillis, String line) {
    }

    public static void main(String[] args) throws Exception {
        int launches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> rest = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Map<String, String> env = PluginProcess.hostEnvironment();
        if (!rest.isEmpty() && rest.get(0).equals("automtls")) {
            env.put("PLUGIN_CLIENT_CERT", AutoMtlsCertificates.generate().certificatePem());
            rest = rest.subList(1, rest.size());
        }
        List<Launch> results = run(launches, env, rest.toArray(String[]::new));
        System.out.println(summary(results));
    }

    /**
     * Launches the plugin {@code launches} times, one after the other, each killed after its line.
     *
     * @return the launches in order
     */
    static List<Launch> run(int launches, Map<String, String> env, String... pluginArgs) throws Exception {
        List<Launch> results = new ArrayList<>();
        for (int i = 0; i < launches; i++) {
            ProcessBuilder builder = new ProcessBuilder(PluginProcess.command(pluginArgs));
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            long start = System.nanoTime();
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                double millis = (System.nanoTime() - start) / 1e6;
                double cpu = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
                results.add(new Launch(millis, cpu, line));
            } finally {
                PluginProcess.stop(process);
            }
        }
        return results;
    }

    static String summary(List<Launch> results) {
        StringBuilder text = new StringBuilder("exec -> handshake line (ms):");
        results.forEach(r -> text.append(String.format(" %.0f", r.millis())));
        text.append(String.format("%nwall: %s; plugin CPU until the line: %s; %d launches",
                stats(results.stream().map(Launch::millis).toList()),
                stats(results.stream().map(Launch::cpuMillis).toList()), results.size()));
        return text.toString();
    }

    private static String stats(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format("median %.0f ms (min %.0f, max %.0f)", median, sorted.get(0), sorted.get(n - 1));
    }
}
