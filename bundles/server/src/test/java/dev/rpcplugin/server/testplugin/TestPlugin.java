package dev.rpcplugin.server.testplugin;

import dev.rpcplugin.security.PemSource;
import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.server.PluginServer;
import dev.rpcplugin.server.PluginServerBuilder;
import dev.rpcplugin.transport.Network;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A go-plugin KV and counter plugin (cookie {@code BASIC_PLUGIN=hello}; go-plugin's grpc and
 * bidirectional examples) that the tests launch as a real child process. Arguments are {@code name=value} options:
 * {@code versions=1,2,3} (app versions served, default 1), {@code networks=unix,tcp},
 * {@code cookie=empty} (a misconfigured plugin), {@code watch=false} (keep running without the host),
 * {@code grace=SECONDS} (shutdown grace), {@code direct=true} (handlers on the I/O threads),
 * {@code tls=plaintext}, {@code tls=provided cert=FILE key=FILE client=FILE} (the app's own TLS).
 */
public final class TestPlugin {

    private TestPlugin() {
    }

    public static void main(String[] args) throws SecurityConfigException {
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
        if (options.containsKey("grace")) {
            builder.shutdownGrace(Duration.ofSeconds(Long.parseLong(options.get("grace"))));
        }
        if ("true".equals(options.get("direct"))) {
            builder.directExecutor();
        }
        if ("false".equals(options.get("watch"))) {
            builder.exitWhenHostExits(false);
        }
        if ("plaintext".equals(options.get("tls"))) {
            builder.plaintext();
        } else if ("provided".equals(options.get("tls"))) {
            // the app's own TLS: identity and the one trusted client certificate from files
            builder.tls(TlsIdentity.load(PemSource.file(Path.of(options.get("cert"))),
                    PemSource.file(Path.of(options.get("key")))), PemSource.file(Path.of(options.get("client"))));
        }
        builder.build().serveAndExit();
    }
}
