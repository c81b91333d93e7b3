package dev.rpcplugin.itest.runtime;

import dev.rpcplugin.itest.plugin.KvTestPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Factory configurations for {@link KvTestPlugin}, with timings short enough for tests. */
final class PluginConfigs {

    /** Where the runtime makes the plugins' private socket directories (short, for the socket path limit). */
    static final Path SOCKET_DIR = Path.of("/tmp");

    private PluginConfigs() {
    }

    /** argv that runs the test plugin on this JVM's class path. */
    static String[] command() {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a quick start matters more than peak speed for these short-lived plugins
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-XX:+UseSerialGC");
        argv.add("-Xshare:auto");
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(KvTestPlugin.class.getName());
        return argv.toArray(new String[0]);
    }

    /** A configuration launching the test plugin; callers add or override attributes. */
    static Map<String, Object> kvPlugin() {
        Map<String, Object> p = new HashMap<>();
        p.put("command", command());
        p.put("magic.cookie.key", KvTestPlugin.COOKIE_KEY);
        p.put("magic.cookie.value", KvTestPlugin.COOKIE_VALUE);
        p.put("start.timeout", "30s");
        p.put("stop.grace", "2s");
        p.put("drain.timeout", "3s");
        p.put("restart.backoff.initial", "100ms");
        p.put("restart.backoff.max", "1s");
        p.put("health.interval", "200ms");
        // generous: on a loaded machine a slow answer must not count as unhealthy, nor a slow reflection
        // answer as no services; tests that want a failed check make the plugin answer NOT_SERVING
        p.put("health.timeout", "5s");
        p.put("socket.dir", SOCKET_DIR.toString());
        return p;
    }
}
