package dev.rpcplugin.server.internal;

import dev.rpcplugin.protocol.Broker;
import io.grpc.ServerServiceDefinition;
import java.util.List;

/** Makes the app's services for the negotiated version once the broker exists. */
@FunctionalInterface
public interface ServiceSource {

    /**
     * @param version the negotiated app protocol version
     * @param broker the plugin's broker
     * @return the services to serve after go-plugin's own
     * @throws Exception if the app cannot create them
     */
    List<ServerServiceDefinition> servicesFor(int version, Broker broker) throws Exception;
}
