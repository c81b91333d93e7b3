package dev.rpcplugin.server.internal;

import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerOptions;
import dev.rpcplugin.protocol.ControllerService;
import dev.rpcplugin.protocol.StdioService;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.util.MutableHandlerRegistry;
import java.time.Duration;
import java.util.List;

/**
 * The plugin's running gRPC server with go-plugin's services, in go-plugin's order: health
 * ({@code plugin} and {@code ""} SERVING), server reflection (v1 and v1alpha), then the controller
 * and stdio; the broker and the app's services follow in a mutable registry, because the broker
 * listens the way the main listener does and that is only known once it is open. All of it is
 * registered before the handshake line is printed, so the host never sees a partial server.
 */
public final class PluginServices {

    /** gRPC health service name go-plugin hosts check. */
    public static final String HEALTH_SERVICE = "plugin";

    private static final Duration RESOURCES_CLOSE = Duration.ofSeconds(2);

    private final TransportResources resources;
    private final PluginListener listener;
    private final Broker broker;
    private final HealthStatusManager health;

    private PluginServices(TransportResources resources, PluginListener listener, Broker broker,
            HealthStatusManager health) {
        this.resources = resources;
        this.listener = listener;
        this.broker = broker;
        this.health = health;
    }

    /**
     * Opens the listener and registers every service.
     *
     * @param settings executor, interceptors, networks and message size
     * @param environment the host's variables
     * @param tls the plugin's TLS
     * @param stdio the stdio service fed by {@code System.out}/{@code System.err}
     * @param version the negotiated app protocol version
     * @param appServices makes the app's services
     * @param onShutdown runs (once, on its own thread) after the host's {@code Shutdown} was answered
     * @param log for failed listen attempts
     * @return the running services
     * @throws StartFailure if the listener cannot be opened or the app's services cannot be made;
     *     nothing is left running then
     */
    @SuppressWarnings("deprecation") // v1alpha reflection: go-plugin's grpc-go serves both versions
    public static PluginServices start(ServeSettings settings, PluginEnvironment environment, ServerTls tls,
            StdioService stdio, int version, ServiceSource appServices, Runnable onShutdown, PluginLogger log)
            throws StartFailure {
        TransportResources resources;
        try {
            resources = TransportResources.create();
        } catch (RuntimeException e) {
            throw new StartFailure("cannot set up the network transport: " + e.getMessage(), e);
        }
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(HEALTH_SERVICE, ServingStatus.SERVING);
        MutableHandlerRegistry registry = new MutableHandlerRegistry();
        ControllerService controller = new ControllerService(onShutdown);
        ListenerOpener.Opened opened = null;
        Broker broker = null;
        try {
            opened = new ListenerOpener(environment, settings.environment(), resources, log)
                    .open(settings.networks(), builder -> {
                        builder.addService(health.getHealthService())
                                .addService(ProtoReflectionServiceV1.newInstance())
                                .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance())
                                .addService(controller)
                                .addService(stdio)
                                .fallbackHandlerRegistry(registry)
                                .maxInboundMessageSize(settings.maxInboundMessageSize())
                                .sslContext(tls.serverContext().orElse(null));
                        configureExecution(builder, settings);
                    });
            BrokerOptions brokerOptions = BrokerOptions.of(resources, opened.listener().network(), opened.options());
            broker = Broker.forPlugin(tls.brokerTls().map(brokerOptions::withTls).orElse(brokerOptions));
            registry.addService(broker.service());
            for (ServerServiceDefinition service : appServices.servicesFor(version, broker)) {
                registry.addService(service);
            }
            return new PluginServices(resources, opened.listener(), broker, health);
        } catch (Exception | LinkageError e) {
            if (broker != null) {
                broker.close();
            }
            if (opened != null) {
                opened.listener().shutdown(Duration.ZERO);
            }
            resources.close(RESOURCES_CLOSE);
            throw e instanceof StartFailure failure ? failure
                    : new StartFailure("cannot create the plugin's services for version " + version + ": " + e, e);
        }
    }

    private static void configureExecution(PluginServerBuilder builder, ServeSettings settings) {
        if (settings.directExecutor()) {
            builder.directExecutor();
        } else if (settings.executor() != null) {
            builder.executor(settings.executor());
        }
        settings.interceptors().forEach(builder::intercept);
    }

    /** Where the server listens: {@code unix} or {@code tcp}. */
    public Network network() {
        return listener.network();
    }

    /** The socket path or {@code 127.0.0.1:port}. */
    public String address() {
        return listener.address();
    }

    /**
     * Stops everything: health NOT_SERVING, broker closed, server stopped (running calls get
     * {@code grace}, then are cancelled), socket file and directory deleted, event loops ended.
     *
     * @param grace time running calls get to finish
     */
    public void stop(Duration grace) {
        health.enterTerminalState();
        broker.close();
        listener.shutdown(grace);
        resources.close(RESOURCES_CLOSE);
    }
}
