package dev.rpcplugin.api;

/**
 * Service property keys of every {@link PluginConnection} registration, for LDAP filters such as
 * {@code (&(plugin.name=kv)(grpc.service=proto.KV))}.
 */
public final class PluginProperties {

    /** {@code String}: the configured plugin name. */
    public static final String PLUGIN_NAME = "plugin.name";

    /** {@code String}: unique id of the process incarnation; changes on every restart or swap. */
    public static final String PLUGIN_INSTANCE_ID = "plugin.instance.id";

    /** {@code Integer}: the negotiated application protocol version. */
    public static final String PLUGIN_PROTOCOL_VERSION = "plugin.protocol.version";

    /** {@code String}: {@code unix} or {@code tcp}. */
    public static final String PLUGIN_NETWORK = "plugin.network";

    /** {@code Boolean}: whether the connection uses mutual TLS. */
    public static final String PLUGIN_TLS = "plugin.tls";

    /** {@code Long}: the plugin's process id. */
    public static final String PLUGIN_PID = "plugin.pid";

    /**
     * {@code String[]}: full gRPC service names the plugin serves, e.g. {@code proto.KV}, so that
     * {@code (grpc.service=proto.KV)} selects it.
     */
    public static final String GRPC_SERVICE = "grpc.service";

    /** {@code Integer}: the configured service ranking (OSGi's {@code service.ranking}). */
    public static final String SERVICE_RANKING = "service.ranking";

    /** Factory PID of plugin configurations in Configuration Admin. */
    public static final String FACTORY_PID = "dev.rpcplugin.plugin";

    private PluginProperties() {
    }
}
