package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Host start -> first successful Put on the Go KV plugin (in memory): our {@link PluginClient} in this
 * one warm JVM against the Go host, plaintext and AutoMTLS, single launches alternating.
 */
final class LaunchFigures {

    private final PluginHost host;
    private final Path goHost;
    private final Path goPlugin;
    private final Sizes sizes;

    LaunchFigures(PluginHost host, Path goHost, Path goPlugin, Sizes sizes) {
        this.host = host;
        this.goHost = goHost;
        this.goPlugin = goPlugin;
        this.sizes = sizes;
    }

    List<Figure> measure() throws PluginStartException, IOException, InterruptedException {
        List<Figure> figures = new ArrayList<>();
        try (GoLaunchSession peer = new GoLaunchSession(goHost, goPlugin)) {
            for (boolean mtls : new boolean[] {false, true}) {
                List<Double> ours = new ArrayList<>();
                List<Double> theirs = new ArrayList<>();
                int count = sizes.alternations() * sizes.launches();
                for (int i = 0; i < sizes.launchWarmup() + count; i++) {
                    // alternate who goes first, so that neither always follows the other's teardown
                    double first = i % 2 == 0 ? once(mtls) : peer.launch(mtls);
                    double second = i % 2 == 0 ? peer.launch(mtls) : once(mtls);
                    if (i >= sizes.launchWarmup()) {
                        ours.add(i % 2 == 0 ? first : second);
                        theirs.add(i % 2 == 0 ? second : first);
                    }
                }
                Samples o = Samples.of(ours);
                Samples p = Samples.of(theirs);
                figures.add(new Figure(mtls ? "launch_automtls" : "launch_plaintext", "ms", o, p,
                        Figure.Target.ratio("<=", 1.0), "host start -> first Put, Go KV plugin in memory, launches"
                                + " alternating one by one with the Go host's (one long-lived Go process)"
                                + (mtls ? "; our host makes its own key and certificate once per PluginHost, go-plugin"
                                        + " 1.0.1 a P-521 one per launch" : "")
                                + "; ours " + o.spread("ms") + ", Go host " + p.spread("ms")));
            }
        }
        return figures;
    }

    /** Milliseconds from building our client to the first Put's answer; the kill is not timed. */
    double once(boolean mtls) throws PluginStartException {
        long t0 = System.nanoTime();
        PluginClient client = Kv.launch(host, Kv.command(goPlugin), mtls);
        try {
            Kv.putOnce(client.channel(), "bench-launch");
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            client.kill();
        }
    }

    static Samples join(Samples a, Samples b) {
        return a == null ? b : Samples.concat(a, b);
    }
}
