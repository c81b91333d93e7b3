package dev.rpcplugin.bench;

import dev.rpcplugin.bench.Pairs.Mode;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unary Put+Get pairs per second after a warm-up, with 1 and 16 callers: our host against the Go host
 * on the same Go plugin, our host on our Java KV plugin (against the Go host on the Go plugin), and our
 * plugin channel against a raw grpc-java channel to the same plugin process.
 */
final class PairsFigures {

    private final PluginHost host;
    private final GoHost go;
    private final Layout layout;
    private final Sizes sizes;
    private final Mode mode;

    /** The Java KV plugin with C2: a plugin that serves calls for long wants it (see examples/README.md). */
    private static final Map<String, String> JAVA_PLUGIN_THROUGHPUT = Map.of(Kv.JVM_PROFILE_ENV, "throughput");
    private static final Map<String, String> JAVA_PLUGIN_STARTUP = Map.of(Kv.JVM_PROFILE_ENV, "startup");

    PairsFigures(PluginHost host, GoHost go, Layout layout, Sizes sizes, Mode mode) {
        this.host = host;
        this.go = go;
        this.layout = layout;
        this.sizes = sizes;
        this.mode = mode;
    }

    List<Figure> measure() throws PluginStartException, InterruptedException {
        List<Figure> figures = new ArrayList<>();
        List<String> goPlugin = Kv.command(layout.goPlugin());
        List<String> javaPlugin = Kv.command(layout.javaKvPlugin());
        for (int callers : new int[] {1, 16}) {
            Samples peer = null;
            Samples oursGo = null;
            Samples oursGoBlocking = null;
            Samples oursJava = null;
            Samples oursJavaStartup = null;
            for (int a = 0; a < sizes.alternations(); a++) {
                peer = LaunchFigures.join(peer, go.pairs(callers, sizes.pairsWarmup(), sizes.pairsRound(),
                        sizes.pairsRounds()));
                Samples[] both = ours(goPlugin, Map.of(), callers, true);
                oursGo = LaunchFigures.join(oursGo, both[0]);
                oursGoBlocking = LaunchFigures.join(oursGoBlocking, both[1]);
                oursJava = LaunchFigures.join(oursJava, ours(javaPlugin, JAVA_PLUGIN_THROUGHPUT, callers, false)[0]);
                oursJavaStartup = LaunchFigures.join(oursJavaStartup,
                        ours(javaPlugin, JAVA_PLUGIN_STARTUP, callers, false)[0]);
            }
            String how = callers + " caller(s), " + describe(mode) + "; rounds of " + seconds(sizes.pairsRound())
                    + " after " + seconds(sizes.pairsWarmup()) + " on a fresh plugin";
            figures.add(new Figure("pairs_" + callers + "_go_plugin", "/s", oursGo, peer,
                    Figure.Target.ratio(">=", callers == 1 ? 1.0 : 1.25), "our host vs Go host, Go KV plugin, "
                            + how + "; ours " + oursGo.spread("/s") + ", Go " + peer.spread("/s")));
            figures.add(new Figure("pairs_" + callers + "_go_plugin_blocking", "/s", oursGoBlocking, peer, null,
                    "as pairs_" + callers + "_go_plugin, but our callers use " + describe(Mode.BLOCKING)
                            + ", on the same connection right after the async rounds; ours "
                            + oursGoBlocking.spread("/s")));
            figures.add(new Figure("pairs_" + callers + "_java_plugin", "/s", oursJava, peer,
                    Figure.Target.ratio(">=", 1.0), "our host on the Java KV plugin (bin/kv-plugin, launcher"
                            + " profile throughput: C1 and C2) vs Go host on the Go KV plugin, " + how + "; ours "
                            + oursJava.spread("/s")));
            figures.add(new Figure("pairs_" + callers + "_java_plugin_startup_profile", "/s", oursJavaStartup, peer,
                    null, "as pairs_" + callers + "_java_plugin, with the launcher's default profile startup (C1"
                            + " only), alternating with it; ours " + oursJavaStartup.spread("/s")));
        }
        figures.add(channelOverhead(goPlugin, 16));
        return figures;
    }

    /** Our plugin channel against a raw channel to the same plugin, rounds interleaved. */
    private Figure channelOverhead(List<String> plugin, int callers) throws PluginStartException, InterruptedException {
        List<Double> wrapped = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        PluginClient client = Kv.launch(host, plugin, false);
        try (RawChannel direct = new RawChannel(client.address())) {
            Pairs.run(mode, client.channel(), callers, sizes.pairsWarmup());
            Pairs.run(mode, direct.channel(), callers, sizes.pairsWarmup());
            for (int r = 0; r < 2 * sizes.alternations() * sizes.pairsRounds(); r++) {
                // which goes first changes every round, so neither always follows the other
                if (r % 2 == 0) {
                    wrapped.add(Pairs.run(mode, client.channel(), callers, sizes.pairsRound()));
                    raw.add(Pairs.run(mode, direct.channel(), callers, sizes.pairsRound()));
                } else {
                    raw.add(Pairs.run(mode, direct.channel(), callers, sizes.pairsRound()));
                    wrapped.add(Pairs.run(mode, client.channel(), callers, sizes.pairsRound()));
                }
            }
        } finally {
            client.kill();
        }
        Samples ours = Samples.of(wrapped);
        Samples peer = Samples.of(raw);
        return new Figure("pairs_" + callers + "_plugin_channel_vs_raw", "/s", ours, peer,
                Figure.Target.ratio(">=", 0.97), "PluginClient.channel() vs a raw grpc-java channel (own event"
                        + " loops) to the same Go KV plugin process, " + callers + " callers, " + describe(mode)
                        + ", rounds interleaved, each side first in every other round (overhead target <= 3%)");
    }

    /** Rounds with our callers' mode, then (if asked) as many with blocking callers, on one fresh plugin. */
    private Samples[] ours(List<String> plugin, Map<String, String> environment, int callers, boolean alsoBlocking)
            throws PluginStartException {
        PluginClient client = Kv.launch(host, plugin, false, environment);
        try {
            Samples chosen = Pairs.rounds(mode, client.channel(), callers, sizes.pairsWarmup(), sizes.pairsRound(),
                    sizes.pairsRounds());
            Samples blocking = alsoBlocking ? Pairs.rounds(Mode.BLOCKING, client.channel(), callers, Duration.ZERO,
                    sizes.pairsRound(), sizes.pairsRounds()) : null;
            return new Samples[] {chosen, blocking};
        } finally {
            client.kill();
        }
    }

    static String describe(Mode mode) {
        return mode == Mode.BLOCKING ? "blocking stubs (a thread per caller)"
                : "async stubs (one pair in flight per caller, continued in the response callback, which runs on"
                        + " the I/O thread: PluginHost.builder().channelExecutor(Runnable::run))";
    }

    private static String seconds(Duration d) {
        return Figure.number(d.toMillis() / 1000.0) + " s";
    }
}
