package dev.rpcplugin.server;

import io.grpc.BindableService;
import java.util.List;

/**
 * Makes the app's services for one app protocol version when the plugin starts serving, like the
 * {@code GRPCServer(broker, server)} method of a go-plugin plugin: only the negotiated version's
 * factories run, and they get the plugin's broker to dial services the host offers.
 */
@FunctionalInterface
public interface ServiceFactory {

    /**
     * Creates the services.
     *
     * @param context the serving plugin's broker, logger and negotiated version
     * @return the services to serve; may be empty
     * @throws Exception if they cannot be created; the plugin then logs the failure and exits 1
     */
    List<BindableService> create(ServeContext context) throws Exception;
}
