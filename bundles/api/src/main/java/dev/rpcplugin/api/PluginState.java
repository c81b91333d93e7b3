package dev.rpcplugin.api;

/** Where a configured plugin is in its life cycle. */
public enum PluginState {
    /** The process is being started. */
    STARTING,
    /** The process runs; its handshake line is awaited. */
    HANDSHAKING,
    /** The handshake was read; the gRPC connection and health check are under way. */
    CONNECTING,
    /** Healthy: a {@link PluginConnection} is registered. */
    SERVING,
    /** The process runs but its health check does not answer SERVING; no service is registered. */
    UNHEALTHY,
    /** The process failed or exited; a restart is scheduled (see the next attempt time). */
    BACKING_OFF,
    /** The service was unregistered and the process is being shut down. */
    STOPPING,
    /** Stopped on request; nothing runs. */
    STOPPED,
    /** Gave up (restart policy exhausted or bad configuration); the last failure says why. */
    FAILED
}
