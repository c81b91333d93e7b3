package dev.rpcplugin.server;

import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.security.PemSource;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.server.internal.EarlyTransport;
import dev.rpcplugin.server.internal.ServeSettings;
import dev.rpcplugin.transport.Network;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * Configures a {@link PluginServer}. Defaults: no cookie (which the plugin reports as go-plugin
 * does), Unix socket with TCP as fallback, {@link #autoMtls()}, log level TRACE, exit when the
 * host exits (checked every 200 ms), no shutdown grace, grpc's default handler executor, the
 * process's environment. Not thread-safe.
 */
public final class PluginServerBuilder {

    private static final Set<String> PLUGIN_SERVICES = Set.of("grpc.health.v1.Health", "plugin.GRPCController",
            "plugin.GRPCStdio", "plugin.GRPCBroker", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private String cookieKey = "";
    private String cookieValue = "";
    private final SortedMap<Integer, List<ServiceFactory>> versions = new TreeMap<>();
    // names of fixed services per version, to refuse a repeat early
    private final Map<Integer, Set<String>> fixedNames = new HashMap<>();
    private List<Network> networks = List.of(Network.UNIX, Network.TCP);
    private boolean networksChosen;
    private ServeSettings.Tls tls = new ServeSettings.AutoMtls();
    private Map<String, String> environment;
    private LogLevel logLevel = LogLevel.TRACE;
    private boolean watchHost = true;
    private Duration hostCheckInterval = Duration.ofMillis(200);
    private Duration shutdownGrace = Duration.ZERO;
    private Executor executor;
    private boolean directExecutor;
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private int maxInboundMessageSize = Integer.MAX_VALUE;

    PluginServerBuilder() {
    }

    /**
     * The magic cookie the host must set, e.g. {@code ("BASIC_PLUGIN", "hello")}. An empty key or
     * value is not rejected here: the plugin then prints go-plugin's "Misconfigured ServeConfig"
     * message and exits 1, as a Go plugin does.
     *
     * <p>When this process's environment carries the cookie (a host started it), this also starts
     * loading the network transport's native library and classes on a daemon thread, so that this
     * runs while the services are bound; call it before {@link #versionedServices}.
     *
     * @param key the environment variable name
     * @param value its expected value
     * @return this
     */
    public PluginServerBuilder magicCookie(String key, String value) {
        this.cookieKey = key == null ? "" : key;
        this.cookieValue = value == null ? "" : value;
        if (PluginEnvironment.from(System.getenv()).checkCookie(cookieKey, cookieValue).accepted()) {
            EarlyTransport.preload();
        }
        return this;
    }

    /**
     * Services offered under one app protocol version (go-plugin's versioned plugin sets). The
     * highest version the host also lists is served; calling this again for the same version adds
     * services. A version with no services is allowed.
     *
     * @param version the app protocol version, 0 or more
     * @param services the app's services for that version
     * @return this
     * @throws IllegalArgumentException if {@code version} is negative or a service name repeats
     *     within the version
     */
    public PluginServerBuilder versionedServices(int version, BindableService... services) {
        return versionedServices(version, List.of(services));
    }

    /**
     * Same as {@link #versionedServices(int, BindableService...)} for a list.
     *
     * @param version the app protocol version, 0 or more
     * @param services the app's services for that version
     * @return this
     */
    public PluginServerBuilder versionedServices(int version, List<? extends BindableService> services) {
        checkVersion(version);
        List<ServerServiceDefinition> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>(fixedNames.getOrDefault(version, Set.of()));
        for (BindableService service : services) {
            ServerServiceDefinition definition = Objects.requireNonNull(service, "service").bindService();
            String name = definition.getServiceDescriptor().getName();
            checkNotServedByThePlugin(name);
            if (!names.add(name)) {
                throw new IllegalArgumentException("service " + name + " is already registered for version "
                        + version);
            }
            definitions.add(definition);
        }
        fixedNames.put(version, names);
        List<BindableService> bound = definitions.stream().<BindableService>map(d -> () -> d).toList();
        versions.computeIfAbsent(version, v -> new ArrayList<>()).add(context -> bound);
        return this;
    }

    /**
     * Refuses a service the plugin serves itself: the app's would never be called, since the plugin's own
     * are found first.
     */
    static void checkNotServedByThePlugin(String service) {
        if (PLUGIN_SERVICES.contains(service)) {
            throw new IllegalArgumentException("service " + service + " is one the plugin serves itself (health"
                    + " with service \"plugin\" SERVING, controller, stdio, broker and reflection); the app's would"
                    + " never be called");
        }
    }

    /**
     * Services for one app protocol version made when the plugin starts, only if that version is
     * negotiated; the factory gets the plugin's broker (see {@link ServiceFactory}).
     *
     * @param version the app protocol version, 0 or more
     * @param factory makes the services
     * @return this
     * @throws IllegalArgumentException if {@code version} is negative
     */
    public PluginServerBuilder versionedServices(int version, ServiceFactory factory) {
        checkVersion(version);
        versions.computeIfAbsent(version, v -> new ArrayList<>()).add(Objects.requireNonNull(factory, "factory"));
        return this;
    }

    private static void checkVersion(int version) {
        if (version < 0) {
            throw new IllegalArgumentException("app protocol version must be 0 or more, was " + version);
        }
    }

    /**
     * Where the plugin may listen, in order of preference; the first that can be opened is used.
     * Default: a Unix socket (in {@code PLUGIN_UNIX_SOCKET_DIR}, {@code TMPDIR} or the temp directory;
     * group from {@code PLUGIN_UNIX_SOCKET_GROUP}), falling back to 127.0.0.1 in
     * {@code PLUGIN_MIN_PORT..PLUGIN_MAX_PORT} if the socket cannot be made (for example a too long
     * socket path), but only with TLS (AutoMTLS or {@link #tls}): every local user can connect to a
     * TCP port, so without TLS the start fails instead, naming why the socket could not be made, as a
     * go-plugin plugin's does on Linux. Networks given here are tried as given, plaintext TCP included.
     *
     * @param preferred one or more networks, no repeats
     * @return this
     * @throws IllegalArgumentException if empty or repeated
     */
    public PluginServerBuilder allowedNetworks(Network... preferred) {
        List<Network> list = List.of(preferred);
        if (list.isEmpty() || list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("allowedNetworks needs one or more distinct networks, got "
                    + list);
        }
        this.networks = list;
        this.networksChosen = true;
        return this;
    }

    /**
     * go-plugin's behaviour (the default): AutoMTLS when the host sets {@code PLUGIN_CLIENT_CERT}
     * (a throw-away certificate, printed in handshake field 6; the host's certificate is required
     * and pinned), plaintext otherwise.
     *
     * @return this
     */
    public PluginServerBuilder autoMtls() {
        this.tls = new ServeSettings.AutoMtls();
        return this;
    }

    /**
     * The plugin's own TLS, like go-plugin's {@code TLSProvider}: presents {@code identity},
     * requires a client certificate that is one of {@code trustedClientCertificates}, and prints no
     * certificate in the handshake line (the host must know how to trust the plugin).
     *
     * @param identity the server's certificate and key
     * @param trustedClientCertificates the client certificates accepted
     * @return this
     */
    public PluginServerBuilder tls(TlsIdentity identity, PemSource trustedClientCertificates) {
        this.tls = new ServeSettings.Provided(Objects.requireNonNull(identity, "identity"),
                Objects.requireNonNull(trustedClientCertificates, "trustedClientCertificates"));
        return this;
    }

    /**
     * Never use TLS. A host that asks for AutoMTLS ({@code PLUGIN_CLIENT_CERT} set) is refused at
     * start-up with an hclog ERROR and exit status 1, rather than left to fail its TLS handshake.
     *
     * @return this
     */
    public PluginServerBuilder plaintext() {
        this.tls = new ServeSettings.Plaintext();
        return this;
    }

    /**
     * The environment to read the host's variables from; default {@code System.getenv()}.
     *
     * @param environment variable names to values
     * @return this
     */
    public PluginServerBuilder environment(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        return this;
    }

    /**
     * Lowest level of the plugin's hclog output; default {@link LogLevel#TRACE}, as go-plugin.
     *
     * @param level the threshold
     * @return this
     */
    public PluginServerBuilder logLevel(LogLevel level) {
        this.logLevel = Objects.requireNonNull(level, "level");
        return this;
    }

    /**
     * Whether the plugin exits (status {@link PluginServer#EXIT_HOST_EXITED}) when the process that started it
     * goes away; default true.
     *
     * @param exit false to keep serving after the host is gone
     * @return this
     */
    public PluginServerBuilder exitWhenHostExits(boolean exit) {
        this.watchHost = exit;
        return this;
    }

    /**
     * How often the host process is checked; default 200 ms.
     *
     * @param interval a positive duration
     * @return this
     * @throws IllegalArgumentException if not positive
     */
    public PluginServerBuilder hostCheckInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("hostCheckInterval must be positive, was " + interval);
        }
        this.hostCheckInterval = interval;
        return this;
    }

    /**
     * How long calls still running after {@code Shutdown} may finish before they are cancelled;
     * default zero (go-plugin stops its server at once). The host's stdio stream is ended first and
     * does not count (what the calls print meanwhile is dropped). go-plugin hosts, this project's
     * included, close their connection as soon as {@code Shutdown} answered, which cancels their own
     * calls: the grace serves calls on other connections (the broker's) and SIGTERM, on which the
     * plugin waits for this grace and about three seconds more for its teardown. A handler that calls
     * {@code System.exit} ends the plugin at once, as {@code os.Exit} ends a Go plugin: the running calls
     * are not waited for, and the socket is removed.
     *
     * @param grace zero or more
     * @return this
     * @throws IllegalArgumentException if negative
     */
    public PluginServerBuilder shutdownGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative, was " + grace);
        }
        this.shutdownGrace = grace;
        return this;
    }

    /**
     * Runs service handlers on the I/O threads: fastest, for handlers that never block.
     *
     * @return this
     */
    public PluginServerBuilder directExecutor() {
        this.directExecutor = true;
        this.executor = null;
        return this;
    }

    /**
     * Runs service handlers on this executor, which the caller owns. Default: grpc's shared pool.
     *
     * @param handlerExecutor the executor
     * @return this
     */
    public PluginServerBuilder executor(Executor handlerExecutor) {
        this.executor = Objects.requireNonNull(handlerExecutor, "handlerExecutor");
        this.directExecutor = false;
        return this;
    }

    /**
     * Adds an interceptor for every call (go-plugin's services included); the last added runs first.
     * The app's methods reach interceptors with their names, types and schema as generated but with
     * a request marshaller that parses large messages with one copy
     * ({@link dev.rpcplugin.protocol.LargeMessageParsing}), so tell methods apart by
     * {@code getFullMethodName()}, not by descriptor identity.
     *
     * @param interceptor the interceptor
     * @return this
     */
    public PluginServerBuilder intercept(ServerInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /**
     * Largest request message accepted; default 2^31-1 (Go hosts send up to that).
     *
     * @param bytes a positive size
     * @return this
     * @throws IllegalArgumentException if not positive
     */
    public PluginServerBuilder maxInboundMessageSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxInboundMessageSize must be positive, was " + bytes);
        }
        this.maxInboundMessageSize = bytes;
        return this;
    }

    /**
     * Freezes the configuration.
     *
     * @return the plugin server, ready to {@link PluginServer#serve()}
     * @throws IllegalStateException if no app protocol version was given
     */
    public PluginServer build() {
        if (versions.isEmpty()) {
            throw new IllegalStateException("a plugin needs at least one app protocol version: "
                    + "call versionedServices(version, services...)");
        }
        SortedMap<Integer, List<ServiceFactory>> frozen = new TreeMap<>();
        versions.forEach((version, set) -> frozen.put(version, List.copyOf(set)));
        return new PluginServer(new ServeSettings(cookieKey, cookieValue, Collections.unmodifiableSortedMap(frozen),
                networks, networksChosen, tls, environment == null ? System.getenv() : environment, logLevel, watchHost,
                hostCheckInterval, shutdownGrace, executor, directExecutor, List.copyOf(interceptors),
                maxInboundMessageSize));
    }
}
