package dev.rpcplugin.examples.counter.plugin;

import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.GetRequest;
import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import java.nio.file.Path;

/**
 * Package-time training run that writes {@code target/cds/counter-plugin.jsa}: two Puts through a
 * brokered AddHelper over AutoMTLS, then a Get. Argument: the module directory.
 */
public final class CounterPluginTraining {

    private CounterPluginTraining() {
    }

    public static void main(String[] args) throws Exception {
        ArchiveTraining.trainPlugin(Path.of(args[0]), "counter-plugin", "BASIC_PLUGIN", "hello", client -> {
            Adder.put(client, "training", 2);
            Adder.put(client, "training", 3);
            long total = client.newStub(CounterGrpc::newBlockingStub)
                    .get(GetRequest.newBuilder().setKey("training").build()).getValue();
            if (total != 5) {
                throw new IllegalStateException("counter-plugin counted " + total + " instead of 5 while training");
            }
        });
    }
}
