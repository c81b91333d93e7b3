package dev.rpcplugin.examples.kv.plugin;

import dev.rpcplugin.examples.support.ValueStore;
import dev.rpcplugin.server.PluginServer;

/**
 * The KV example plugin: go-plugin's example service, cookie {@code BASIC_PLUGIN=hello}, version 1.
 * Values live in files {@code kv_<key>} in the working directory, or in memory when
 * {@code KV_PLUGIN_MEMORY=1}. Started by {@code bin/kv-plugin}.
 */
public final class KvPlugin {

    private KvPlugin() {
    }

    /**
     * Serves until the host shuts the plugin down.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        KvService service = new KvService(ValueStore.fromEnvironment("KV_PLUGIN_MEMORY", "kv_"));
        PluginServer server = PluginServer.builder()
                .magicCookie("BASIC_PLUGIN", "hello")
                .versionedServices(1, service)
                // the handlers only touch memory or small local files
                .directExecutor()
                .build();
        service.logTo(server.logger());
        server.serveAndExit();
    }
}
