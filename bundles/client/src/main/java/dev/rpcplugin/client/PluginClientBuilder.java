package dev.rpcplugin.client;

import dev.rpcplugin.client.internal.ClientSettings;
import dev.rpcplugin.client.internal.StdioLineSink;
import dev.rpcplugin.handshake.HandshakeReader;
import dev.rpcplugin.handshake.HostEnvironmentPolicy;
import dev.rpcplugin.handshake.MagicCookie;
import dev.rpcplugin.handshake.PortRange;
import dev.rpcplugin.protocol.BrokerTls;
import dev.rpcplugin.security.ExecutableChecksum;
import dev.rpcplugin.security.SecurityConfigException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Configures a {@link PluginClient} like go-plugin's {@code ClientConfig}. Either {@link #command} (launch)
 * or {@link #reattach} (connect to a running plugin) must be set. Defaults follow go-plugin: whole host
 * environment inherited, start timeout 1 minute, stop grace 2 seconds, strict handshake, networks
 * {@code unix} and {@code tcp}, protocol {@code grpc}, app protocol version 1, no TLS, stdout after the
 * handshake discarded. Not thread-safe.
 */
public final class PluginClientBuilder {

    /** go-plugin's default start timeout. */
    public static final Duration DEFAULT_START_TIMEOUT = HandshakeReader.DEFAULT_TIMEOUT;
    /** go-plugin's wait for a graceful exit after Shutdown. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(2);
    /** Waits are counted in nanoseconds from {@code System.nanoTime()}: longer ones are taken as this. */
    private static final Duration LONGEST_WAIT = Duration.ofNanos(Long.MAX_VALUE / 4);
    /** Stderr lines kept for error messages by default. */
    public static final int DEFAULT_STDERR_TAIL_LINES = 20;

    private final PluginHost host;
    private String name;
    private List<String> command = List.of();
    private Path workingDirectory;
    private HostEnvironmentPolicy hostEnvironment = HostEnvironmentPolicy.inheritAll();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private MagicCookie cookie;
    private Set<Integer> protocolVersions = Set.of(1);
    private Set<String> allowedNetworks = Set.of("unix", "tcp");
    private boolean autoMtls;
    private SslContext tls;
    private BrokerTls brokerTls;
    private ExecutableChecksum checksum;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration stopGrace = DEFAULT_STOP_GRACE;
    private int maxSkippedLines = -1;
    private Consumer<String> stderrSink;
    private Consumer<String> stdoutSink;
    private Consumer<byte[]> syncStdout;
    private Consumer<byte[]> syncStderr;
    private int stderrTailLines = DEFAULT_STDERR_TAIL_LINES;
    private ReattachConfig reattach;
    private PortRange portRange = PortRange.DEFAULT;
    private Consumer<StartPhase> startProgress;
    private Path socketDirectoryParent;

    PluginClientBuilder(PluginHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The plugin's name, for logs and messages; default the executable's base name. */
    public PluginClientBuilder name(String pluginName) {
        this.name = requireText(pluginName, "plugin name");
        return this;
    }

    /** The command to launch: the executable (a path, or a name on {@code PATH}) and its arguments. */
    public PluginClientBuilder command(String... argv) {
        return command(List.of(argv));
    }

    /** See {@link #command(String...)}. */
    public PluginClientBuilder command(List<String> argv) {
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("plugin command needs an executable, got " + argv);
        }
        this.command = List.copyOf(argv);
        return this;
    }

    /** The plugin's working directory; default the host's. */
    public PluginClientBuilder workingDirectory(Path directory) {
        this.workingDirectory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        return this;
    }

    /** Pass the whole host environment to the plugin, as go-plugin does (the default). */
    public PluginClientBuilder inheritHostEnvironment() {
        this.hostEnvironment = HostEnvironmentPolicy.inheritAll();
        return this;
    }

    /** Pass only these host variables (e.g. {@code PATH}, {@code HOME}), so secrets do not leak. */
    public PluginClientBuilder hostEnvironmentAllowList(Collection<String> names) {
        this.hostEnvironment = HostEnvironmentPolicy.allowOnly(names);
        return this;
    }

    /** Pass none of the host's variables (go-plugin's {@code SkipHostEnv}). */
    public PluginClientBuilder noHostEnvironment() {
        this.hostEnvironment = HostEnvironmentPolicy.none();
        return this;
    }

    /**
     * An extra variable for the plugin. As in go-plugin, an inherited host variable of the same name
     * wins; use an allow-list if that matters.
     */
    public PluginClientBuilder environment(String key, String value) {
        environment.put(requireText(key, "environment variable name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Extra variables for the plugin; see {@link #environment(String, String)}. */
    public PluginClientBuilder environment(Map<String, String> variables) {
        variables.forEach(this::environment);
        return this;
    }

    /** The magic cookie the plugin expects; required when launching. */
    public PluginClientBuilder magicCookie(String key, String value) {
        this.cookie = new MagicCookie(key, value);
        return this;
    }

    /**
     * The app protocol versions this host speaks (go-plugin's versioned plugin sets), sent in
     * {@code PLUGIN_PROTOCOL_VERSIONS}; the plugin's choice is {@link PluginClient#protocolVersion()}.
     */
    public PluginClientBuilder protocolVersions(int... versions) {
        Set<Integer> set = new LinkedHashSet<>();
        for (int v : versions) {
            if (v < 0) {
                throw new IllegalArgumentException("protocol versions must be >= 0, got " + v);
            }
            set.add(v);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol version is needed");
        }
        this.protocolVersions = Set.copyOf(set);
        return this;
    }

    /** The networks a plugin may listen on: {@code unix} and/or {@code tcp}. Default both. */
    public PluginClientBuilder allowedNetworks(String... networks) {
        Set<String> set = new LinkedHashSet<>(List.of(networks));
        for (String n : set) {
            if (!n.equals("unix") && !n.equals("tcp")) {
                throw new IllegalArgumentException("allowed networks are unix and tcp, got \"" + n + "\"");
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("at least one network must be allowed");
        }
        this.allowedNetworks = Set.copyOf(set);
        return this;
    }

    /**
     * The protocols accepted in the handshake. Only {@code grpc} is implemented, so that is the only value
     * accepted (go-plugin's {@code netrpc} is refused here rather than at start).
     */
    public PluginClientBuilder allowedProtocols(String... protocols) {
        for (String p : protocols) {
            if (!p.equals("grpc")) {
                throw new IllegalArgumentException("only the grpc protocol is implemented, got \"" + p + "\"");
            }
        }
        if (protocols.length == 0) {
            throw new IllegalArgumentException("at least one protocol must be allowed");
        }
        return this;
    }

    /** Whether to use AutoMTLS (host certificate from the {@link PluginHost}, plugin's pinned). Default no. */
    public PluginClientBuilder autoMtls(boolean enabled) {
        this.autoMtls = enabled;
        return this;
    }

    /**
     * Explicit TLS instead of AutoMTLS: a client {@link SslContext} (ALPN h2) that trusts the plugin; the
     * authority checked is {@code localhost}. Brokered connections stay plaintext unless
     * {@link #brokerTls} is given too.
     */
    public PluginClientBuilder tls(SslContext clientContext) {
        this.tls = Objects.requireNonNull(clientContext, "clientContext");
        return this;
    }

    /** TLS for brokered connections when {@link #tls} is used (AutoMTLS makes its own). */
    public PluginClientBuilder brokerTls(BrokerTls contexts) {
        this.brokerTls = Objects.requireNonNull(contexts, "contexts");
        return this;
    }

    /** The executable's expected SHA-256 as 64 hex digits (go-plugin's {@code SecureConfig}). */
    public PluginClientBuilder checksumSha256(String hex) {
        try {
            this.checksum = ExecutableChecksum.ofHex(hex);
        } catch (SecurityConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return this;
    }

    /**
     * How long start may take in all: handshake, connect and health check. Default 1 minute. Values
     * beyond about 70 years (such as {@code ChronoUnit.FOREVER}'s) are taken as that.
     */
    public PluginClientBuilder startTimeout(Duration timeout) {
        this.startTimeout = requirePositive(timeout, "start timeout");
        return this;
    }

    /**
     * How long kill waits for a graceful exit after Shutdown before SIGKILL. Default 2 seconds. Values
     * beyond about 70 years are taken as that.
     */
    public PluginClientBuilder stopGrace(Duration grace) {
        this.stopGrace = requirePositive(grace, "stop grace");
        return this;
    }

    /** The first stdout line must be the handshake (go-plugin's rule; the default). */
    public PluginClientBuilder strictHandshake() {
        this.maxSkippedLines = -1;
        return this;
    }

    /** Skip (and log as warnings) up to this many stray stdout lines before the handshake. */
    public PluginClientBuilder lenientHandshake(int maxSkippedLines) {
        if (maxSkippedLines < 0 || maxSkippedLines > HandshakeReader.MAX_SKIPPED_LINES_LIMIT) {
            throw new IllegalArgumentException("maxSkippedLines must be from 0 to "
                    + HandshakeReader.MAX_SKIPPED_LINES_LIMIT + ", got " + maxSkippedLines);
        }
        this.maxSkippedLines = maxSkippedLines;
        return this;
    }

    /**
     * Also copy every raw stderr line here (besides the log forwarding). Called on the host's pipe
     * poller thread, which serves all plugins of the host: the sink must not block.
     */
    public PluginClientBuilder stderrSink(Consumer<String> sink) {
        this.stderrSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Stdout lines after the handshake go here instead of being discarded; like the stderr sink, must not block. */
    public PluginClientBuilder stdoutSink(Consumer<String> sink) {
        this.stdoutSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Chunks the plugin streams as STDOUT over {@code GRPCStdio}; default discarded (go-plugin's {@code SyncStdout}). */
    public PluginClientBuilder syncStdout(Consumer<byte[]> sink) {
        this.syncStdout = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Chunks the plugin streams as STDERR over {@code GRPCStdio}; default discarded (go-plugin's {@code SyncStderr}). */
    public PluginClientBuilder syncStderr(Consumer<byte[]> sink) {
        this.syncStderr = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /**
     * Lines of what the plugin streams as STDOUT over {@code GRPCStdio} (a Java plugin's
     * {@code System.out}), cut as stderr lines are: at most 64 KiB each, longer ones in pieces, a last
     * line without its line end when the stream ends. Instead of {@link #syncStdout}; must not block.
     */
    public PluginClientBuilder syncStdoutLines(Consumer<String> lines) {
        return syncStdout(new StdioLineSink(lines));
    }

    /** As {@link #syncStdoutLines} for STDERR ({@code System.err}); instead of {@link #syncStderr}. */
    public PluginClientBuilder syncStderrLines(Consumer<String> lines) {
        return syncStderr(new StdioLineSink(lines));
    }

    /** How many recent stderr lines to keep for error messages; default 20. */
    public PluginClientBuilder stderrTailLines(int lines) {
        if (lines < 0 || lines > 10_000) {
            throw new IllegalArgumentException("stderr tail lines must be from 0 to 10000, got " + lines);
        }
        this.stderrTailLines = lines;
        return this;
    }

    /** Connect to this running plugin instead of launching one (no handshake, no AutoMTLS, no checksum). */
    public PluginClientBuilder reattach(ReattachConfig config) {
        this.reattach = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * The TCP ports a plugin that listens on TCP may use ({@code PLUGIN_MIN_PORT}..{@code PLUGIN_MAX_PORT});
     * default go-plugin's 10000..25000; {@code 0, 0} lets the system choose.
     *
     * @param min lowest port, inclusive
     * @param max highest port, inclusive
     * @return this builder
     * @throws IllegalArgumentException if the range is not valid
     */
    public PluginClientBuilder portRange(int min, int max) {
        this.portRange = new PortRange(min, max);
        return this;
    }

    /**
     * Existing directory under which this plugin gets its private socket directory, instead of its host's
     * ({@link PluginHost.Builder#socketDirectoryParent(Path)}); the same length limits apply. Socket
     * directories left there by a host that was killed are removed once, when the first plugin of this
     * host uses it.
     *
     * @param parent the directory
     * @return this builder
     */
    public PluginClientBuilder socketDirectoryParent(Path parent) {
        this.socketDirectoryParent = Objects.requireNonNull(parent, "parent").toAbsolutePath();
        return this;
    }

    /**
     * Tells {@code listener} when {@link PluginClient#start()} reaches each {@link StartPhase}. It is
     * called on the starting thread and must return quickly.
     *
     * @param listener the progress listener
     * @return this builder
     */
    public PluginClientBuilder startProgress(Consumer<StartPhase> listener) {
        this.startProgress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Validates the configuration and makes the (not yet started) client.
     *
     * @throws IllegalStateException naming the conflicting or missing settings
     */
    public PluginClient build() {
        boolean launching = !command.isEmpty();
        if (launching == (reattach != null)) {
            throw new IllegalStateException("exactly one of command or reattach must be set");
        }
        String pluginName = name != null ? name : launching ? baseName(command.get(0)) : "pid-" + reattach.pid();
        ClientSettings settings = new ClientSettings(pluginName, command, workingDirectory, hostEnvironment,
                Map.copyOf(environment), cookie, protocolVersions, allowedNetworks, List.of("grpc"), autoMtls, tls,
                brokerTls, checksum, startTimeout, stopGrace, maxSkippedLines, stderrSink, stdoutSink, syncStdout,
                syncStderr, stderrTailLines, host.loggerPrefix() + "." + pluginName, reattach, portRange,
                startProgress, socketDirectoryParent);
        return new PluginClient(host, settings);
    }

    private static String baseName(String program) {
        int slash = program.lastIndexOf('/');
        return slash >= 0 && slash < program.length() - 1 ? program.substring(slash + 1) : program;
    }

    private static String requireText(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return text;
    }

    private static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        // deadlines are System.nanoTime() plus the duration in nanoseconds, which must not overflow
        return duration.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : duration;
    }
}
