package dev.rpcplugin.handshake;

import static dev.rpcplugin.handshake.internal.MessageText.quote;

import dev.rpcplugin.handshake.HandshakeException.Reason;
import dev.rpcplugin.handshake.internal.GoText;
import dev.rpcplugin.handshake.internal.ParsedInt;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plugin side: what the host said through the environment, read as go-plugin plugins read it.
 * Unset and empty variables are treated alike, as Go's {@code os.Getenv} does.
 *
 * <p>Typical start-up: {@link #checkCookie}, then {@link #negotiate}, then {@link #unixSocketDir()}
 * or {@link #portRange()}, {@link #clientCertificatePem()} and {@link #expectsMultiplexField()}.
 */
public final class PluginEnvironment {

    /** go-plugin's stderr text when the cookie is missing or wrong (three lines, final newline). */
    public static final String NOT_STARTED_BY_HOST_MESSAGE =
            "This binary is a plugin. These are not meant to be executed directly.\n"
                    + "Please execute the program that consumes these plugins, which will\n"
                    + "load any plugins automatically\n";

    /** go-plugin's stderr text when the plugin was built with an empty cookie key or value. */
    public static final String MISCONFIGURED_COOKIE_MESSAGE =
            "Misconfigured ServeConfig given to serve this plugin: no magic cookie\n"
                    + "key or value was set. Please notify the plugin author and report\n"
                    + "this as a bug.\n";

    private final Map<String, String> environment;
    private final List<Integer> hostVersions = new ArrayList<>();
    private final List<String> versionWarnings = new ArrayList<>();

    private PluginEnvironment(Map<String, String> environment) {
        this.environment = environment;
        readHostVersions(get(EnvironmentVariables.PROTOCOL_VERSIONS));
    }

    /**
     * Reads an environment. Never fails: problems surface from the accessors that need the values.
     *
     * @param environment typically {@code System.getenv()}; null names or values are ignored
     */
    public static PluginEnvironment from(Map<String, String> environment) {
        Map<String, String> copy = new HashMap<>();
        Objects.requireNonNull(environment, "environment").forEach((name, value) -> {
            if (name != null && value != null) {
                copy.put(name, value);
            }
        });
        return new PluginEnvironment(copy);
    }

    /**
     * go-plugin's cookie check. Takes the raw key and value the plugin was built with, so that an
     * empty one is reported as {@link CookieCheck#MISCONFIGURED} rather than thrown.
     */
    public CookieCheck checkCookie(String expectedKey, String expectedValue) {
        if (expectedKey == null || expectedKey.isEmpty() || expectedValue == null || expectedValue.isEmpty()) {
            return CookieCheck.MISCONFIGURED;
        }
        String actual = environment.get(expectedKey);
        if (actual == null) {
            return CookieCheck.MISSING;
        }
        return actual.equals(expectedValue) ? CookieCheck.ACCEPTED : CookieCheck.WRONG_VALUE;
    }

    /** {@link #checkCookie(String, String)} for a cookie value object. */
    public CookieCheck checkCookie(MagicCookie cookie) {
        return checkCookie(cookie.key(), cookie.value());
    }

    /**
     * The host's app protocol versions from {@code PLUGIN_PROTOCOL_VERSIONS}, in the host's order;
     * empty when the host sent none. Entries Go cannot parse are left out and reported by
     * {@link #protocolVersionWarnings()}; entries that parse but exceed Java's {@code int} range
     * are left out silently (no plugin version can match them).
     */
    public List<Integer> hostProtocolVersions() {
        return List.copyOf(hostVersions);
    }

    /**
     * One go-plugin warning per unparsable version entry, e.g.
     * {@code server sent invalid plugin version " 2"} (entries are not trimmed, as in Go). Go
     * plugins write these to stderr without a newline.
     */
    public List<String> protocolVersionWarnings() {
        return List.copyOf(versionWarnings);
    }

    /** Negotiates the version to report, see {@link NegotiatedVersion#negotiate}. */
    public NegotiatedVersion negotiate(Collection<Integer> pluginVersions) {
        return NegotiatedVersion.negotiate(pluginVersions, hostVersions);
    }

    /**
     * The TCP port range from {@code PLUGIN_MIN_PORT} / {@code PLUGIN_MAX_PORT}; an unset bound is
     * 0, as in go-plugin. Only plugins that listen on TCP should ask, because go-plugin only reads
     * these variables there.
     *
     * @throws HandshakeException ({@link Reason#INVALID_ENVIRONMENT}) if a value is not a 32-bit
     *     integer, min is greater than max, or a bound is outside 0..65535
     */
    public PortRange portRange() throws HandshakeException {
        int min = port(EnvironmentVariables.MIN_PORT);
        int max = port(EnvironmentVariables.MAX_PORT);
        if (min > max) {
            throw new HandshakeException(Reason.INVALID_ENVIRONMENT, EnvironmentVariables.MIN_PORT + " value of "
                    + min + " is greater than " + EnvironmentVariables.MAX_PORT + " value of " + max, min + ">" + max);
        }
        return new PortRange(min, max);
    }

    private int port(String name) throws HandshakeException {
        String text = get(name);
        if (text.isEmpty()) {
            return 0;
        }
        ParsedInt parsed = GoText.parseInt(text, 32);
        if (!parsed.ok()) {
            throw new HandshakeException(Reason.INVALID_ENVIRONMENT, "couldn't get value from " + name
                    + ": parsing " + quote(text) + ": " + parsed.error(), text);
        }
        if (parsed.value() < 0 || parsed.value() > 65535) {
            throw new HandshakeException(Reason.INVALID_ENVIRONMENT, name + " value of " + parsed.value()
                    + " is not a TCP port (0 to 65535)", text);
        }
        return (int) parsed.value();
    }

    /** {@code PLUGIN_UNIX_SOCKET_DIR}: where to create sockets; empty means the system temp dir. */
    public Optional<String> unixSocketDir() {
        return optional(EnvironmentVariables.UNIX_SOCKET_DIR);
    }

    /** {@code PLUGIN_UNIX_SOCKET_GROUP}: group name or gid to give the sockets to. */
    public Optional<String> unixSocketGroup() {
        return optional(EnvironmentVariables.UNIX_SOCKET_GROUP);
    }

    /** {@code PLUGIN_CLIENT_CERT}: the host's PEM certificate; present means AutoMTLS. */
    public Optional<String> clientCertificatePem() {
        return optional(EnvironmentVariables.CLIENT_CERT);
    }

    /**
     * Whether the host asked for gRPC broker multiplexing: {@code PLUGIN_MULTIPLEX_GRPC} is a Go
     * boolean that is true ({@code 1}, {@code t}, {@code true}, ...). Unparsable values count as false.
     */
    public boolean multiplexRequested() {
        return Boolean.TRUE.equals(GoText.parseBool(get(EnvironmentVariables.MULTIPLEX_GRPC)));
    }

    /**
     * Whether the handshake line must carry field 7: {@code PLUGIN_MULTIPLEX_GRPC} is set to
     * anything non-empty (go-plugin's rule; such a host splits the line on every {@code |}).
     */
    public boolean expectsMultiplexField() {
        return !get(EnvironmentVariables.MULTIPLEX_GRPC).isEmpty();
    }

    private String get(String name) {
        return environment.getOrDefault(name, "");
    }

    private Optional<String> optional(String name) {
        String value = get(name);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private void readHostVersions(String text) {
        if (text.isEmpty()) {
            return;
        }
        for (String entry : text.split(",", -1)) {
            ParsedInt parsed = GoText.atoi(entry);
            if (!parsed.ok()) {
                versionWarnings.add("server sent invalid plugin version " + quote(entry));
            } else if (parsed.value() >= Integer.MIN_VALUE && parsed.value() <= Integer.MAX_VALUE) {
                hostVersions.add((int) parsed.value());
            }
        }
    }
}
