package dev.rpcplugin.examples.streaming.host;

import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import java.nio.file.Path;
import java.util.Map;

/** Package-time training run that writes {@code target/cds/streaming-host.jsa}; argument: the module directory. */
public final class StreamingHostTraining {

    private StreamingHostTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path module = Path.of(args[0]).toAbsolutePath();
        Path plugin = module.resolveSibling("streaming-plugin").resolve("bin/streaming-plugin");
        ArchiveTraining.trainHost(module, "streaming-host",
                Map.of("STREAMING_PLUGIN", "exec '" + plugin + "'", "STREAMING_MTLS", "1"), "run");
    }
}
