package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Warms our host's JVM before anything is measured, as a host that has been running a while is:
 * launches in both TLS modes, then Put+Get pairs with 1 and 16 callers. The Go host needs none (it is
 * compiled ahead of time); its batches still get their own warm-up.
 */
final class JvmWarmup {

    static final int PLAINTEXT_LAUNCHES = 100;
    static final int AUTO_MTLS_LAUNCHES = 20;
    static final Duration PAIRS = Duration.ofSeconds(4);

    private JvmWarmup() {
    }

    static void run(PluginHost host, Path goPlugin, boolean quick) throws PluginStartException {
        int divisor = quick ? 4 : 1;
        for (int i = 0; i < PLAINTEXT_LAUNCHES / divisor + AUTO_MTLS_LAUNCHES / divisor; i++) {
            PluginClient client = Kv.launch(host, Kv.command(goPlugin), i >= PLAINTEXT_LAUNCHES / divisor);
            try {
                Kv.putOnce(client.channel(), "warm-up");
            } finally {
                client.kill();
            }
        }
        PluginClient client = Kv.launch(host, Kv.command(goPlugin), false);
        try {
            Pairs.run(Pairs.Mode.ASYNC, client.channel(), 1, PAIRS.dividedBy(divisor));
            Pairs.run(Pairs.Mode.ASYNC, client.channel(), 16, PAIRS.dividedBy(divisor));
            Pairs.run(Pairs.Mode.BLOCKING, client.channel(), 1, PAIRS.dividedBy(divisor * 2L));
        } finally {
            client.kill();
        }
    }

    static String describe() {
        return PLAINTEXT_LAUNCHES + " plaintext and " + AUTO_MTLS_LAUNCHES + " AutoMTLS launches, then "
                + PAIRS.toSeconds() + " s of pairs with 1 async caller, " + PAIRS.toSeconds() + " s with 16 and "
                + Figure.number(PAIRS.toMillis() / 2000.0) + " s with 1 blocking caller";
    }
}
