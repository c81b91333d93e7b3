package dev.rpcplugin.bench.probe;

import dev.rpcplugin.api.PluginProperties;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Creates and deletes the factory configurations of the Go KV plugin (in memory, never restarted). */
final class PluginConfigs implements AutoCloseable {

    static final String COOKIE_KEY = "BASIC_PLUGIN";
    static final String COOKIE_VALUE = "hello";
    /** The Go KV plugin keeps its data in memory with this variable set. */
    static final String MEMORY_VARIABLE = "KV_PLUGIN_MEMORY";

    private final ConfigurationAdmin admin;
    private final String command;
    private final Map<String, Configuration> created = new ConcurrentHashMap<>();

    PluginConfigs(ConfigurationAdmin admin, String command) {
        this.admin = admin;
        this.command = command;
    }

    /** Creates the configuration of plugin {@code name}; the runtime starts it from there. */
    void create(String name) throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        properties.put("command", command);
        properties.put("magic.cookie.key", COOKIE_KEY);
        properties.put("magic.cookie.value", COOKIE_VALUE);
        properties.put("protocol.versions", "1");
        properties.put("grpc.service", "proto.KV");
        properties.put("environment", MEMORY_VARIABLE + "=1");
        properties.put("restart.policy", "never");
        Configuration configuration = admin.getFactoryConfiguration(PluginProperties.FACTORY_PID, name, "?");
        configuration.update(properties);
        created.put(name, configuration);
    }

    /** Deletes the configuration of plugin {@code name}; the runtime stops it. */
    void delete(String name) throws IOException {
        Configuration configuration = created.remove(name);
        if (configuration != null) {
            configuration.delete();
        }
    }

    @Override
    public void close() throws IOException {
        for (String name : Map.copyOf(created).keySet()) {
            delete(name);
        }
    }
}
