package dev.rpcplugin.server;

import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.server.internal.HclogSink;
import dev.rpcplugin.server.internal.PluginRun;
import dev.rpcplugin.server.internal.ServeSettings;
import dev.rpcplugin.server.internal.StandardStreams;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Serves this Java process as a go-plugin gRPC plugin: any go-plugin host (or this project's
 * client) can launch it, connect and call its services.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     PluginServer.builder()
 *             .magicCookie("BASIC_PLUGIN", "hello")
 *             .versionedServices(1, new KvService())
 *             .build()
 *             .serveAndExit();
 * }
 * }</pre>
 *
 * <p>{@link #serve()} does what a Go plugin's {@code plugin.Serve} does: checks the magic cookie
 * (else go-plugin's message on stderr, exit status 1), negotiates the app protocol version from
 * {@code PLUGIN_PROTOCOL_VERSIONS}, listens on a Unix socket (or loopback TCP), generates its
 * AutoMTLS certificate when the host sent {@code PLUGIN_CLIENT_CERT}, serves health
 * ({@code plugin} = SERVING), server reflection, the broker, the controller and stdio next to the
 * chosen version's services, prints the handshake line on the real stdout, sends
 * {@code System.out}/{@code System.err} to the host's stdio stream, logs hclog JSON on the real
 * stderr (grpc-java's and its Netty's {@code java.util.logging} records included), ignores SIGINT,
 * and returns 0 once the host calls {@code Shutdown}.
 *
 * <p>Print nothing on {@code System.out} before {@code serve()}: a go-plugin host takes the first
 * stdout line as the handshake. From the start of {@code serve()} on, {@code System.out} and
 * {@code System.err} already feed the stdio stream, so output of libraries that start up meanwhile
 * cannot get in the way.
 *
 * <p>Beyond go-plugin, the plugin also ends (status {@link #EXIT_HOST_EXITED}) within about a
 * second when the process that started it dies, so that no plugin outlives its host; its socket
 * file is removed on SIGTERM too; and once its handshake line is out, it removes the socket
 * directories that plugins killed by SIGKILL left where it puts its own (see
 * {@link dev.rpcplugin.transport.OrphanedSocketDirectories}).
 *
 * <p>Not implemented: go-plugin 1.6's gRPC broker multiplexing. When a host sets
 * {@code PLUGIN_MULTIPLEX_GRPC}, go-plugin plugins print a seventh handshake field; this plugin prints
 * it as {@code false} (and logs a warning if multiplexing was asked for), so a host that requires
 * multiplexing reports that the plugin does not support it instead of misreading the line. Server
 * reflection is built right after the handshake line, to keep its cost off the start; a reflection call
 * that comes before that builds it at once, so hosts always find it.
 */
public final class PluginServer {

    /** Exit status after the host's {@code Shutdown}. */
    public static final int EXIT_SHUTDOWN = 0;
    /** Exit status for a missing or wrong cookie, a misconfigured plugin or a failed start, as go-plugin. */
    public static final int EXIT_FAILED = 1;
    /** Exit status when the host process went away without shutting the plugin down. */
    public static final int EXIT_HOST_EXITED = 2;
    /** Exit status after SIGTERM (128 + 15, as a shell reports a death by that signal). @since 1.1 */
    public static final int EXIT_TERMINATED = 143;

    private final ServeSettings settings;
    private final PluginLogger rootLogger;

    PluginServer(ServeSettings settings) {
        this.settings = settings;
        this.rootLogger = new PluginLogger(new HclogSink(StandardStreams.realStderr()),
                "", settings.logLevel(), new Object[0]);
    }

    /** Starts configuring a plugin. */
    public static PluginServerBuilder builder() {
        return new PluginServerBuilder();
    }

    /** The plugin's unnamed logger: hclog JSON lines on the process's real stderr. */
    public PluginLogger logger() {
        return rootLogger;
    }

    /**
     * A named logger ({@code @module}); see {@link PluginLogger#named}.
     *
     * @param name the logger name, e.g. {@code kv}
     * @return the logger
     */
    public PluginLogger logger(String name) {
        return rootLogger.named(name);
    }

    /**
     * Serves until the host calls {@code Shutdown}, the host process goes away, or the JVM is
     * terminated. Call it once, from {@code main}. Never throws for start-up problems: like a Go
     * plugin it reports them (hclog ERROR on stderr, or go-plugin's cookie message) and returns a
     * non-zero status.
     *
     * @return the status to exit with: {@link #EXIT_SHUTDOWN}, {@link #EXIT_FAILED},
     *     {@link #EXIT_HOST_EXITED} or {@link #EXIT_TERMINATED}
     */
    public int serve() {
        return new PluginRun(settings, rootLogger, this::createServices).run();
    }

    // Runs the negotiated version's factories; a repeated service name is an error, as in grpc.
    private List<ServerServiceDefinition> createServices(int version, Broker broker) throws Exception {
        ServeContext context = new ServeContext(broker, rootLogger, version);
        List<ServerServiceDefinition> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ServiceFactory factory : settings.versions().getOrDefault(version, List.of())) {
            for (BindableService service : factory.create(context)) {
                ServerServiceDefinition definition = Objects.requireNonNull(service, "service").bindService();
                PluginServerBuilder.checkNotServedByThePlugin(definition.getServiceDescriptor().getName());
                if (!names.add(definition.getServiceDescriptor().getName())) {
                    throw new IllegalArgumentException("service " + definition.getServiceDescriptor().getName()
                            + " is registered twice for version " + version);
                }
                definitions.add(definition);
            }
        }
        return definitions;
    }

    /** {@link #serve()}, then {@code System.exit} with its status. */
    public void serveAndExit() {
        System.exit(serve());
    }
}
