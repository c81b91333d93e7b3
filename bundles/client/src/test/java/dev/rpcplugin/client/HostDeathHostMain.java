package dev.rpcplugin.client;

/**
 * A host process for {@link PluginDiesWithItsHostTest}: starts the test plugin, prints its pid, then
 * waits to be killed. Argument: whether the host kills its plugins when it dies.
 */
public final class HostDeathHostMain {

    private HostDeathHostMain() {
    }

    public static void main(String[] args) throws Exception {
        PluginHost host = PluginHost.builder().killPluginsWithHost(Boolean.parseBoolean(args[0])).build();
        PluginClient plugin = TestSupport.javaPlugin(host).build().start();
        System.out.println("plugin-pid " + plugin.pid());
        System.out.flush();
        Thread.sleep(120_000); // killed by the test long before
    }
}
