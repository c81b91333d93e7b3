package dev.rpcplugin.client;

/**
 * The steps of {@link PluginClient#start()}, reported to a listener set with
 * {@link PluginClientBuilder#startProgress}, for example to show a supervisor's state.
 */
public enum StartPhase {
    /** The process was started (or the reattach target found); its handshake line is awaited. */
    HANDSHAKING,
    /** The handshake was read; the connection, the go-plugin streams and the health check are under way. */
    CONNECTING
}
