package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.echo;
import static dev.rpcplugin.client.TestSupport.javaPlugin;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints launch-to-first-RPC and kill times (median of 10 after one warm-up) for the Java test plugin
 * and, if built, the Go KV plugin. Figures only, no timed assertions. Run with
 * {@code -Drpcplugin.measure=true -Dtest=LaunchTimingTest}.
 */
@EnabledIfSystemProperty(named = "rpcplugin.measure", matches = "true")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LaunchTimingTest {

    private static final int RUNS = 10;

    @TempDir
    Path sockets;

    @FunctionalInterface
    private interface Launch {
        PluginClient start(PluginHost host) throws Exception;
    }

    @FunctionalInterface
    private interface FirstCall {
        void call(PluginClient client);
    }

    @Test
    void measure() throws Exception {
        try (PluginHost host = PluginHost.builder().socketDirectoryParent(sockets).build()) {
            host.hostIdentity(); // the host certificate is made once per host; keep it out of the figures
            report("java plugin, plaintext", host, h -> javaPlugin(h).build().start(), c -> echo(c, "x"));
            report("java plugin, AutoMTLS", host, h -> javaPlugin(h).autoMtls(true).build().start(), c -> echo(c, "x"));
            if (GoKv.available()) {
                report("go-plugin 1.0.1 KV, plaintext", host, h -> goKv(h, false), c -> GoKv.put(c.channel(), "k", "v"));
                report("go-plugin 1.0.1 KV, AutoMTLS", host, h -> goKv(h, true), c -> GoKv.put(c.channel(), "k", "v"));
            }
        }
    }

    private static PluginClient goKv(PluginHost host, boolean autoMtls) throws PluginStartException {
        return PluginClient.builder(host).command(GoKv.PLUGIN.toString()).magicCookie("BASIC_PLUGIN", "hello")
                .environment("KV_PLUGIN_MEMORY", "1").autoMtls(autoMtls).build().start();
    }

    private static void report(String what, PluginHost host, Launch launch, FirstCall call) throws Exception {
        List<Double> launchMs = new ArrayList<>();
        List<Double> killMs = new ArrayList<>();
        for (int run = 0; run <= RUNS; run++) {
            long t0 = System.nanoTime();
            PluginClient client = launch.start(host);
            call.call(client);
            long t1 = System.nanoTime();
            client.kill();
            long t2 = System.nanoTime();
            assertThat(client.state()).isEqualTo(PluginClient.State.STOPPED);
            if (run > 0) { // run 0 warms the host JVM up
                launchMs.add((t1 - t0) / 1e6);
                killMs.add((t2 - t1) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "MEASURED %-32s launch->first RPC median %7.1f ms (min %7.1f, max %7.1f);"
                + " kill median %6.1f ms%n", what, median(launchMs), Collections.min(launchMs),
                Collections.max(launchMs), median(killMs));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
