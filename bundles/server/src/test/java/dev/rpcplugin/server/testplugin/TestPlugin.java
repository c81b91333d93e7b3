package dev.rpcplugin.server.testplugin;

import dev.rpcplugin.server.PluginServer;
import dev.rpcplugin.server.PluginServerBuilder;
import dev.rpcplugin.transport.Network;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A go-plugin KV and counter plugin (cookie {@code BASIC_PLUGIN=hello}; go-plugin's grpc and
 * bidirectional examples) that the tests launch as a real child process. Arguments are {@code name=value} options:
 * {@code versions=1,2,3} (app versions served, default 1), {@code networks=unix,tcp},
 * {@code cookie=empty} (a misconfigured plugin), {@code watch=false} (keep running without the host),
 * {@code tls=plaintext}.
 */
public final class TestPlugin {

    private TestPlugin() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        PluginServerBuilder builder = PluginServer.builder();
        if ("empty".equals(options.get("cookie"))) {
            builder.magicCookie("BASIC_PLUGIN", "");
        } else {
            builder.magicCookie("BASIC_PLUGIN", "hello");
        }
        boolean counter = "counter".equals(options.get("service"));
        for (String version : options.getOrDefault("versions", "1").split(",")) {
            // one or the other: both protos declare proto.GetRequest etc., which server reflection refuses
            builder.versionedServices(Integer.parseInt(version),
                    context -> List.of(counter ? new CounterService(context) : new KvService(context)));
        }
        if (options.containsKey("networks")) {
            builder.allowedNetworks(Arrays.stream(options.get("networks").split(","))
                    .map(Network::fromWireName).toArray(Network[]::new));
        }
        if ("false".equals(options.get("watch"))) {
            builder.exitWhenHostExits(false);
        }
        if ("plaintext".equals(options.get("tls"))) {
            builder.plaintext();
        }
        builder.build().serveAndExit();
    }
}
