package dev.rpcplugin.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Immutable description of one plugin incarnation.
 *
 * @param name the configured plugin name
 * @param instanceId unique id of this process incarnation; a restart gets a new one
 * @param pid the plugin's process id, or -1 when unknown
 * @param protocolVersion the negotiated application protocol version
 * @param network {@code unix} or {@code tcp}
 * @param address the socket path or {@code host:port} the plugin listens on
 * @param tls whether the connection uses mutual TLS
 * @param services the full gRPC service names the plugin serves for its application
 * @param startTime when this incarnation became serving
 */
public record PluginDescription(
        String name,
        String instanceId,
        long pid,
        int protocolVersion,
        String network,
        String address,
        boolean tls,
        List<String> services,
        Instant startTime) {

    /** Checks the fields and copies the list. */
    public PluginDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        services = List.copyOf(services);
        Objects.requireNonNull(startTime, "startTime");
    }
}
