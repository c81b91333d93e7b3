package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.handshake.HandshakeLine;
import dev.rpcplugin.handshake.HandshakeParser;
import dev.rpcplugin.security.Der;
import dev.rpcplugin.security.TlsContexts;
import dev.rpcplugin.transport.PluginChannelBuilder;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a launch's time goes: the same steps as {@link PluginClient#start()} done by hand with
 * timestamps (spawn, handshake line, TLS context, channel + health check, first Put), next to our
 * client's own start and first Put, in the same JVM. Gives a markdown section for the report.
 */
final class LaunchProfile {

    private static final String[] STEPS = {"spawn (ProcessBuilder.start)", "-> handshake line read",
        "-> TLS client context (AutoMTLS)", "-> channel + health check answered", "-> first Put answered",
        "= total by hand", "PluginClient.start()", "-> first Put answered on its channel", "= total PluginClient",
        "= total PluginClient, killPluginsWithHost(false)"};
    /** A plugin that prints no handshake line for this long is killed and the profile fails. */
    private static final Duration FIRST_LINE_LIMIT = Duration.ofSeconds(30);

    private final PluginHost host;
    private final PluginHost hostWithoutWrapper;
    private final Path plugin;
    private final Sizes sizes;

    /**
     * @param host the host measured everywhere
     * @param hostWithoutWrapper the same host, but without the parent-death-signal wrapper around plugins
     */
    LaunchProfile(PluginHost host, PluginHost hostWithoutWrapper, Path plugin, Sizes sizes) {
        this.host = host;
        this.hostWithoutWrapper = hostWithoutWrapper;
        this.plugin = plugin;
        this.sizes = sizes;
    }

    String measure() throws Exception {
        StringBuilder md = new StringBuilder("## Launch: where the time goes\n\n")
                .append("Medians over ").append(sizes.launches()).append(" launches of the Go KV plugin, after ")
                .append(sizes.launchWarmup()).append(" warm-ups, by hand with timestamps and through `PluginClient`,")
                .append(" alternating, in the harness JVM. The last row is a host built with")
                .append(" `killPluginsWithHost(false)`, which starts plugins without the `setpriv` parent-death-signal")
                .append(" wrapper.\n\n| step | plaintext ms | AutoMTLS ms |\n|---|---:|---:|\n");
        Map<String, List<Double>> plain = profile(false);
        Map<String, List<Double>> mtls = profile(true);
        for (String step : STEPS) {
            md.append("| ").append(step).append(" | ").append(median(plain.get(step))).append(" | ")
                    .append(median(mtls.get(step))).append(" |\n");
        }
        return md.toString();
    }

    private Map<String, List<Double>> profile(boolean autoMtls) throws Exception {
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        for (String step : STEPS) {
            if (steps.put(step, new ArrayList<>()) != null) {
                throw new IllegalStateException("two profile steps are labelled " + step);
            }
        }
        Path sockets = TempDirs.create();
        try {
            for (int i = 0; i < sizes.launchWarmup() + sizes.launches(); i++) {
                boolean keep = i >= sizes.launchWarmup();
                byHand(autoMtls, sockets, keep ? steps : null);
                viaClient(host, autoMtls, keep ? steps : null, 6);
                viaClient(hostWithoutWrapper, autoMtls, keep ? steps : null, 9);
            }
        } finally {
            TempDirs.delete(sockets);
        }
        return steps;
    }

    private void byHand(boolean autoMtls, Path sockets, Map<String, List<Double>> steps) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(plugin.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of(Kv.COOKIE_KEY, Kv.COOKIE_VALUE, "PLUGIN_PROTOCOL_VERSIONS", "1",
                Kv.MEMORY_ENV, "1", "PLUGIN_UNIX_SOCKET_DIR", sockets.toString()));
        if (autoMtls) {
            builder.environment().put("PLUGIN_CLIENT_CERT", host.hostIdentity().certificatePem());
        }
        long t0 = System.nanoTime();
        Process process = builder.start();
        ManagedChannel channel = null;
        try {
            long t1 = System.nanoTime();
            String text;
            Watchdog watchdog = Watchdog.arm(process, FIRST_LINE_LIMIT);
            try {
                text = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } finally {
                watchdog.close();
            }
            if (watchdog.fired()) {
                throw new IllegalStateException(plugin + " printed no handshake line within "
                        + FIRST_LINE_LIMIT.toSeconds() + " s and was killed");
            }
            long t2 = System.nanoTime();
            HandshakeLine line = HandshakeParser.forVersions(1).parse(text);
            SslContext tls = null;
            if (autoMtls) {
                tls = TlsContexts.client(host.hostIdentity(),
                        Der.decodeCertificate(line.serverCertificate().orElseThrow(), "handshake"));
            }
            long t3 = System.nanoTime();
            channel = PluginChannelBuilder.forAddress(host.transport(), line.network().wireName(), line.address())
                    .sslContext(tls).build();
            HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("plugin").build());
            long t4 = System.nanoTime();
            Kv.putOnce(channel, "bench-launch");
            long t5 = System.nanoTime();
            if (steps != null) {
                add(steps, 0, t0, t1);
                add(steps, 1, t1, t2);
                add(steps, 2, t2, t3);
                add(steps, 3, t3, t4);
                add(steps, 4, t4, t5);
                add(steps, 5, t0, t5);
            }
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private void viaClient(PluginHost through, boolean autoMtls, Map<String, List<Double>> steps, int firstStep)
            throws Exception {
        long t0 = System.nanoTime();
        PluginClient client = Kv.launch(through, Kv.command(plugin), autoMtls);
        try {
            long t1 = System.nanoTime();
            Kv.putOnce(client.channel(), "bench-launch");
            long t2 = System.nanoTime();
            if (steps != null && firstStep == 6) {
                add(steps, 6, t0, t1);
                add(steps, 7, t1, t2);
                add(steps, 8, t0, t2);
            } else if (steps != null) {
                add(steps, firstStep, t0, t2);
            }
        } finally {
            client.kill();
        }
    }

    private static void add(Map<String, List<Double>> steps, int step, long from, long to) {
        steps.get(STEPS[step]).add((to - from) / 1e6);
    }

    private static String median(List<Double> values) {
        return values.isEmpty() ? "-" : Figure.number(Samples.of(values).median());
    }
}
