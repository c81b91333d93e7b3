package dev.rpcplugin.examples.counter.host;

import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import java.nio.file.Path;
import java.util.Map;

/** Package-time training run that writes {@code target/cds/counter-host.jsa}; argument: the module directory. */
public final class CounterHostTraining {

    private CounterHostTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path module = Path.of(args[0]).toAbsolutePath();
        Path plugin = module.resolveSibling("counter-plugin").resolve("bin/counter-plugin");
        ArchiveTraining.trainHost(module, "counter-host",
                Map.of("COUNTER_PLUGIN", "exec '" + plugin + "'", "COUNTER_MTLS", "1"), "put", "training", "5");
    }
}
