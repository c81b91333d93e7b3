package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Host start -> first successful Put on the Go KV plugin (in memory): our {@link PluginClient} in this
 * one warm JVM against the Go host, plaintext and AutoMTLS, in interleaved batches.
 */
final class LaunchFigures {

    private final PluginHost host;
    private final GoHost go;
    private final Path goPlugin;
    private final Sizes sizes;

    LaunchFigures(PluginHost host, GoHost go, Path goPlugin, Sizes sizes) {
        this.host = host;
        this.go = go;
        this.goPlugin = goPlugin;
        this.sizes = sizes;
    }

    List<Figure> measure() throws PluginStartException {
        List<Figure> figures = new ArrayList<>();
        for (boolean mtls : new boolean[] {false, true}) {
            Samples ours = null;
            Samples peer = null;
            for (int a = 0; a < sizes.alternations(); a++) {
                int warmup = a == 0 ? 3 * sizes.launchWarmup() : sizes.launchWarmup();
                ours = join(ours, ours(mtls, warmup, sizes.launches()));
                peer = join(peer, go.launches(mtls, sizes.launchWarmup(), sizes.launches()));
            }
            String name = mtls ? "launch_automtls" : "launch_plaintext";
            figures.add(new Figure(name, "ms", ours, peer, Figure.Target.ratio("<=", 1.0),
                    "host start -> first Put, Go KV plugin in memory; ours " + ours.spread("ms") + ", Go host "
                            + peer.spread("ms")));
        }
        return figures;
    }

    /** Milliseconds from building the client to the first Put's answer, per launch after the warm-up. */
    Samples ours(boolean mtls, int warmup, int count) throws PluginStartException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmup + count; i++) {
            long t0 = System.nanoTime();
            PluginClient client = Kv.launch(host, Kv.command(goPlugin), mtls);
            try {
                Kv.putOnce(client.channel(), "bench-launch");
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    ms.add((t1 - t0) / 1e6);
                }
            } finally {
                client.kill();
            }
        }
        return Samples.of(ms);
    }

    static Samples join(Samples a, Samples b) {
        return a == null ? b : Samples.concat(a, b);
    }
}
