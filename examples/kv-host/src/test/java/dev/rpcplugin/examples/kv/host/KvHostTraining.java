package dev.rpcplugin.examples.kv.host;

import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import java.nio.file.Path;
import java.util.Map;

/** Package-time training run that writes {@code target/cds/kv-host.jsa}; argument: the module directory. */
public final class KvHostTraining {

    private KvHostTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path module = Path.of(args[0]).toAbsolutePath();
        Path plugin = module.resolveSibling("kv-plugin").resolve("bin/kv-plugin");
        ArchiveTraining.trainHost(module, "kv-host", Map.of("KV_PLUGIN", "exec '" + plugin + "'", "KV_MTLS", "1"),
                "put", "training", "value");
    }
}
