package dev.rpcplugin.server;

import dev.rpcplugin.protocol.Broker;
import java.util.Objects;

/**
 * What a {@link ServiceFactory} gets while the plugin starts: the broker for extra connections to and
 * from the host, the plugin's logger, and the negotiated app protocol version.
 */
public final class ServeContext {

    private final Broker broker;
    private final PluginLogger logger;
    private final int protocolVersion;

    ServeContext(Broker broker, PluginLogger logger, int protocolVersion) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.logger = Objects.requireNonNull(logger, "logger");
        this.protocolVersion = protocolVersion;
    }

    /**
     * The plugin's side of go-plugin's connection broker: {@code dial(id)} reaches a service the host
     * accepted on broker id {@code id}; {@code acceptAndServe(nextId(), service)} offers one to the host.
     * Valid while the plugin serves.
     */
    public Broker broker() {
        return broker;
    }

    /** The plugin's root logger (hclog JSON on the real stderr). */
    public PluginLogger logger() {
        return logger;
    }

    /** The app protocol version printed in the handshake line. */
    public int protocolVersion() {
        return protocolVersion;
    }
}
