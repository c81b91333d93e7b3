package dev.rpcplugin.client;

import java.nio.file.Path;

/**
 * A host process for {@link PluginDiesWithItsHostTest}: starts the test plugin, prints its pid, then
 * waits to be killed. Arguments: whether the host kills its plugins when it dies, and the directory
 * its plugins' socket directories go in.
 */
public final class HostDeathHostMain {

    private HostDeathHostMain() {
    }

    public static void main(String[] args) throws Exception {
        PluginHost host = PluginHost.builder().killPluginsWithHost(Boolean.parseBoolean(args[0]))
                .socketDirectoryParent(Path.of(args[1])).build();
        PluginClient plugin = TestSupport.javaPlugin(host).build().start();
        System.out.println("plugin-pid " + plugin.pid());
        System.out.flush();
        Thread.sleep(120_000); // killed by the test long before
    }
}
