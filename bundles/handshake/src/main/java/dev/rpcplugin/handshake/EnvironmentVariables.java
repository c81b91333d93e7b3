package dev.rpcplugin.handshake;

/** Names of the environment variables go-plugin hosts give their plugins. */
public final class EnvironmentVariables {

    /** Comma-separated decimal app protocol versions the host speaks. */
    public static final String PROTOCOL_VERSIONS = "PLUGIN_PROTOCOL_VERSIONS";
    /** Lowest TCP port a plugin may listen on (used by plugins that listen on TCP). */
    public static final String MIN_PORT = "PLUGIN_MIN_PORT";
    /** Highest TCP port a plugin may listen on. */
    public static final String MAX_PORT = "PLUGIN_MAX_PORT";
    /** The host's AutoMTLS certificate as PEM text; its presence turns AutoMTLS on. */
    public static final String CLIENT_CERT = "PLUGIN_CLIENT_CERT";
    /** {@code true} when the host wants gRPC broker multiplexing (go-plugin 1.6+). */
    public static final String MULTIPLEX_GRPC = "PLUGIN_MULTIPLEX_GRPC";
    /** Directory in which the plugin creates its Unix sockets (go-plugin 1.5+). */
    public static final String UNIX_SOCKET_DIR = "PLUGIN_UNIX_SOCKET_DIR";
    /** Group name or numeric gid that should own the plugin's Unix sockets (go-plugin 1.5+). */
    public static final String UNIX_SOCKET_GROUP = "PLUGIN_UNIX_SOCKET_GROUP";

    private EnvironmentVariables() {
    }
}
