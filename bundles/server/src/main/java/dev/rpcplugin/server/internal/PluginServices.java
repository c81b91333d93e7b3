package dev.rpcplugin.server.internal;

import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerOptions;
import dev.rpcplugin.protocol.ControllerService;
import dev.rpcplugin.protocol.LargeMessageParsing;
import dev.rpcplugin.protocol.StdioService;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The plugin's running gRPC server with go-plugin's services: health ({@code plugin} and {@code ""}
 * SERVING), the controller and stdio on the server itself; the broker and the app's services in a
 * mutable registry, because the broker listens the way the main listener does and that is only known
 * once the listener is open. All of these are registered before the handshake line is printed, so a
 * host never sees a partial server. Server reflection (v1 and v1alpha, as grpc-go registers it) is
 * added just after the line, because building it costs start-up time; a reflection call that comes
 * first adds it itself (see {@link FallbackServices}).
 */
public final class PluginServices {

    /** gRPC health service name go-plugin hosts check. */
    public static final String HEALTH_SERVICE = "plugin";

    private static final Duration RESOURCES_CLOSE = Duration.ofSeconds(2);

    private final TransportResources resources;
    private final PluginListener listener;
    private final ListenerOptions listenerOptions;
    private final Broker broker;
    private final HealthStatusManager health;
    private final FallbackServices registry;

    private PluginServices(TransportResources resources, ListenerOpener.Opened opened, Broker broker,
            HealthStatusManager health, FallbackServices registry) {
        this.resources = resources;
        this.listener = opened.listener();
        this.listenerOptions = opened.options();
        this.broker = broker;
        this.health = health;
        this.registry = registry;
    }

    /**
     * Opens the listener and registers every service.
     *
     * @param transport the event loops being created; taken and owned from here on
     * @param settings executor, interceptors, networks and message size
     * @param environment the host's variables
     * @param tls the plugin's TLS
     * @param stdio the stdio service fed by {@code System.out}/{@code System.err}
     * @param version the negotiated app protocol version
     * @param appServices makes the app's services
     * @param onShutdown runs (once, on its own thread) after the host's {@code Shutdown} was answered
     * @param handlers told which threads run the app's handlers
     * @param log for failed listen attempts
     * @return the running services
     * @throws StartFailure if the listener cannot be opened or the app's services cannot be made;
     *     nothing is left running then
     */
    public static PluginServices start(EarlyTransport transport, ServeSettings settings, PluginEnvironment environment, ServerTls tls,
            StdioService stdio, int version, ServiceSource appServices, Runnable onShutdown, HandlerThreads handlers,
            PluginLogger log) throws StartFailure {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(HEALTH_SERVICE, ServingStatus.SERVING);
        FallbackServices registry = new FallbackServices();
        ControllerService controller = new ControllerService(onShutdown);
        TransportResources resources = transport.take();
        ListenerOpener.Opened opened = null;
        Broker broker = null;
        try {
            opened = new ListenerOpener(environment, settings.environment(), resources, log)
                    .open(settings.networks(), settings.networksChosen() || tls.serverContext().isPresent(), builder -> {
                        builder.addService(health.getHealthService())
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
                registry.addService(ServerInterceptors.intercept(LargeMessageParsing.requests(service),
                        ThrownStatus.INSTANCE, handlers));
            }
            return new PluginServices(resources, opened, broker, health, registry);
        } catch (Exception | Error e) {
            // any Error too (an app's failed assert, a stack overflow): else the socket outlives the process
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

    /** Adds gRPC server reflection, v1 and v1alpha, unless a reflection call added it already. */
    public void addReflection() {
        registry.addReflection();
    }

    /** Where the server listens: {@code unix} or {@code tcp}. */
    public Network network() {
        return listener.network();
    }

    /** Where the socket directories of this plugin's listeners go; empty when it listens on TCP. */
    public Optional<Path> socketDirectoryParent() {
        return listener.network() == Network.UNIX ? Optional.of(listenerOptions.socketDirectoryParent()) : Optional.empty();
    }

    /** The socket path or {@code 127.0.0.1:port}. */
    public String address() {
        return listener.address();
    }

    /**
     * Stops everything: health NOT_SERVING, the server and the broker's listeners stop accepting,
     * running calls on all of them get {@code grace} together, then are cancelled; socket files and
     * directories deleted, event loops ended.
     *
     * @param grace time running calls get to finish
     */
    public void stop(Duration grace) {
        health.enterTerminalState();
        long deadline = System.nanoTime() + graceNanos(grace);
        listener.server().shutdown(); // stops accepting while the broker's calls are waited for
        broker.close(grace);
        listener.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        resources.close(RESOURCES_CLOSE);
    }

    // at most a deadline that cannot wrap: a grace too long to count waits without limit
    private static long graceNanos(Duration grace) {
        try {
            return Math.min(grace.toNanos(), Long.MAX_VALUE / 2);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * Stops the server without waiting for calls, the server or the event loops, and deletes the socket
     * file and directory: for a JVM that exits because a handler called {@code System.exit}. That
     * handler's thread, possibly an I/O thread, never returns, and the JVM ends the event loops.
     */
    public void stopAtOnce() {
        health.enterTerminalState();
        broker.close();
        listener.shutdownNow();
    }
}
