package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import java.nio.file.Path;

/** How the example streaming plugin is launched. */
record StreamingPlugin(Path executable, String cookieKey, String cookieValue, int version) {

    PluginClient launch(PluginHost host) throws PluginStartException {
        return PluginClient.builder(host).command(executable.toString()).magicCookie(cookieKey, cookieValue)
                .protocolVersions(version).build().start();
    }
}
