package dev.rpcplugin.examples.kv.plugin;

import java.nio.file.Path;

import dev.rpcplugin.server.PluginServer;

/**
 * The KV example plugin: go-plugin's example service, cookie {@code BASIC_PLUGIN=hello}, version 1.
 * Values live in files {@code kv_<key>} in the working directory, or in memory when
 * {@code KV_PLUGIN_MEMORY=1}.
 */
public final class KvPlugin {

    private KvPlugin() {
    }

    public static void main(String[] args) {
        KvStore store = "1".equals(System.getenv("KV_PLUGIN_MEMORY"))
                ? new MemoryKvStore()
                : new FileKvStore(Path.of("").toAbsolutePath());
        KvService service = new KvService(store);
        PluginServer server = PluginServer.builder()
                .magicCookie("BASIC_PLUGIN", "hello")
                .versionedServices(1, service)
                .directExecutor()
                .build();
        service.logTo(server.logger("kv"));
        server.serveAndExit();
    }
}
