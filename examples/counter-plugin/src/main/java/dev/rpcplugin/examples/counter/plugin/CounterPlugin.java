package dev.rpcplugin.examples.counter.plugin;

import dev.rpcplugin.examples.support.ValueStore;
import dev.rpcplugin.server.PluginServer;
import java.util.List;

/**
 * The broker demo's plugin (go-plugin's bidirectional example): serves {@code proto.Counter} with
 * cookie {@code BASIC_PLUGIN=hello}, version 1. {@code Put} dials the host's {@code AddHelper}
 * through the broker. Counters live in files {@code counter_<key>} in the working directory, or in
 * memory when {@code COUNTER_PLUGIN_MEMORY=1}. Started by {@code bin/counter-plugin}.
 */
public final class CounterPlugin {

    private CounterPlugin() {
    }

    /**
     * Serves until the host shuts the plugin down.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ValueStore store = ValueStore.fromEnvironment("COUNTER_PLUGIN_MEMORY", "counter_");
        PluginServer.builder()
                .magicCookie("BASIC_PLUGIN", "hello")
                // Put waits for the host's broker listener and calls it: not on the I/O threads
                .versionedServices(1, context -> List.of(new CounterService(store, context.broker(), context.logger())))
                .build()
                .serveAndExit();
    }
}
