package dev.rpcplugin.transport;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where and how a plugin listener binds: the parent of its private socket directory and the socket
 * group (Unix), and the port range (TCP). Immutable; the {@code with…} methods return copies.
 *
 * <p>{@link #fromEnvironment(Map, Network)} reads the variables a go-plugin host gives its plugin.
 */
public final class ListenerOptions {

    /** Directory in which Unix sockets are created (go-plugin v1.5.0+). */
    public static final String SOCKET_DIR_ENV = "PLUGIN_UNIX_SOCKET_DIR";
    /** Group name or numeric gid that gets read/write access to the socket (go-plugin v1.5.0+). */
    public static final String SOCKET_GROUP_ENV = "PLUGIN_UNIX_SOCKET_GROUP";
    /** First port of the TCP range. */
    public static final String MIN_PORT_ENV = "PLUGIN_MIN_PORT";
    /** Last port of the TCP range. */
    public static final String MAX_PORT_ENV = "PLUGIN_MAX_PORT";
    /** The temporary directory a Go plugin falls back to. */
    public static final String TMPDIR_ENV = "TMPDIR";

    private final Path socketDirectoryParent;
    private final String socketGroup;
    private final int minPort;
    private final int maxPort;

    private ListenerOptions(Path socketDirectoryParent, String socketGroup, int minPort, int maxPort) {
        this.socketDirectoryParent = Objects.requireNonNull(socketDirectoryParent, "socketDirectoryParent")
                .toAbsolutePath().normalize();
        this.socketGroup = socketGroup == null || socketGroup.isBlank() ? null : socketGroup.trim();
        checkPortRange(minPort, maxPort, "min port", "max port");
        this.minPort = minPort;
        this.maxPort = maxPort;
    }

    /**
     * @return sockets under {@code java.io.tmpdir} (or {@code /tmp} if that is unset), no socket
     *         group, TCP port chosen by the operating system (range 0..0)
     */
    public static ListenerOptions defaults() {
        return new ListenerOptions(javaTempDir(), null, 0, 0);
    }

    /**
     * Reads a plugin's environment for a listener on {@code network}, as go-plugin reads it: for
     * {@link Network#UNIX} only the socket variables (the port range stays 0..0, so port variables
     * cannot fail it), for {@link Network#TCP} only {@code PLUGIN_MIN_PORT} and
     * {@code PLUGIN_MAX_PORT}. The socket directory parent is the first non-empty one of
     * {@code PLUGIN_UNIX_SOCKET_DIR}, {@code TMPDIR} (where a Go plugin would put its socket),
     * {@code java.io.tmpdir} and {@code /tmp}; the socket group comes from
     * {@code PLUGIN_UNIX_SOCKET_GROUP}. Each port is 0 when unset or empty, else must be what Go's
     * {@code strconv.ParseInt(value, 10, 32)} accepts (an optional sign and ASCII digits, no blanks)
     * and within 0..65535.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @param network the network the listener will use
     * @return the options
     * @throws IllegalArgumentException for TCP, when a port variable is not a port number or min &gt; max
     */
    public static ListenerOptions fromEnvironment(Map<String, String> env, Network network) {
        Objects.requireNonNull(env, "env");
        if (Objects.requireNonNull(network, "network") == Network.TCP) {
            Ports ports = portsFromEnv(env);
            return defaults().withPortRange(ports.min(), ports.max());
        }
        return new ListenerOptions(socketDirectoryParentFromEnv(env), env.get(SOCKET_GROUP_ENV), 0, 0);
    }

    /**
     * Reads a plugin's environment when the network is not known yet: every variable that
     * {@link #fromEnvironment(Map, Network)} reads for either network. A bad port variable fails it
     * even if the listener will be Unix, so prefer the other method once the network is known.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @return the options
     * @throws IllegalArgumentException when a port variable is not a port number or min &gt; max
     */
    public static ListenerOptions fromEnvironment(Map<String, String> env) {
        Ports ports = portsFromEnv(env);
        return new ListenerOptions(socketDirectoryParentFromEnv(env), env.get(SOCKET_GROUP_ENV), ports.min(), ports.max());
    }

    /**
     * @param parent existing directory in which each Unix listener creates its private directory
     * @return a copy with that parent
     */
    public ListenerOptions withSocketDirectoryParent(Path parent) {
        return new ListenerOptions(parent, socketGroup, minPort, maxPort);
    }

    /**
     * @param groupNameOrGid group name or numeric gid whose members may connect (socket 0660,
     *                       directory 0750); {@code null} or blank for owner only (0600 / 0700)
     * @return a copy with that group
     */
    public ListenerOptions withSocketGroup(String groupNameOrGid) {
        return new ListenerOptions(socketDirectoryParent, groupNameOrGid, minPort, maxPort);
    }

    /**
     * @param min first port to try on 127.0.0.1, 0..65535
     * @param max last port to try, min..65535; 0/0 lets the operating system choose
     * @return a copy with that range
     * @throws IllegalArgumentException when a port is out of range or min &gt; max
     */
    public ListenerOptions withPortRange(int min, int max) {
        return new ListenerOptions(socketDirectoryParent, socketGroup, min, max);
    }

    /** @return the absolute directory in which Unix listeners create their private directories */
    public Path socketDirectoryParent() {
        return socketDirectoryParent;
    }

    /** @return the group name or gid given access to Unix sockets, if any */
    public Optional<String> socketGroup() {
        return Optional.ofNullable(socketGroup);
    }

    /** @return the first TCP port tried */
    public int minPort() {
        return minPort;
    }

    /** @return the last TCP port tried */
    public int maxPort() {
        return maxPort;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListenerOptions other
                && socketDirectoryParent.equals(other.socketDirectoryParent)
                && Objects.equals(socketGroup, other.socketGroup)
                && minPort == other.minPort && maxPort == other.maxPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(socketDirectoryParent, socketGroup, minPort, maxPort);
    }

    @Override
    public String toString() {
        return "ListenerOptions[socketDirectoryParent=" + socketDirectoryParent + ", socketGroup="
                + socketGroup + ", ports=" + minPort + ".." + maxPort + "]";
    }

    private static Path javaTempDir() {
        return Path.of(firstNonEmpty(System.getProperty("java.io.tmpdir"), null).orElse("/tmp"));
    }

    private static Optional<String> firstNonEmpty(String first, String second) {
        if (first != null && !first.isEmpty()) {
            return Optional.of(first);
        }
        return second != null && !second.isEmpty() ? Optional.of(second) : Optional.empty();
    }

    private static Path socketDirectoryParentFromEnv(Map<String, String> env) {
        return firstNonEmpty(env.get(SOCKET_DIR_ENV), env.get(TMPDIR_ENV))
                .map(Path::of)
                .orElseGet(ListenerOptions::javaTempDir);
    }

    private static Ports portsFromEnv(Map<String, String> env) {
        int min = portFromEnv(env, MIN_PORT_ENV);
        int max = portFromEnv(env, MAX_PORT_ENV);
        checkPortRange(min, max, MIN_PORT_ENV, MAX_PORT_ENV);
        return new Ports(min, max);
    }

    private static int portFromEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        OptionalInt port = parseInt32(value);
        if (port.isEmpty()) {
            throw new IllegalArgumentException(name + " is not a port number: '" + value + "'");
        }
        checkPort(port.getAsInt(), name);
        return port.getAsInt();
    }

    /**
     * Go's {@code strconv.ParseInt(text, 10, 32)}, as go-plugin and the handshake bundle read these
     * variables: an optional sign, then ASCII digits only; no blanks, no other scripts' digits.
     */
    private static OptionalInt parseInt32(String text) {
        boolean negative = text.charAt(0) == '-';
        int start = negative || text.charAt(0) == '+' ? 1 : 0;
        if (start == text.length()) {
            return OptionalInt.empty();
        }
        long magnitude = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            magnitude = magnitude * 10 + (c - '0');
            if (magnitude > 1L << 31) {
                return OptionalInt.empty(); // beyond 32 bits whatever the sign; also keeps the long from overflowing
            }
        }
        long value = negative ? -magnitude : magnitude;
        return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
    }

    private static void checkPortRange(int min, int max, String minName, String maxName) {
        checkPort(min, minName);
        checkPort(max, maxName);
        if (min > max) {
            throw new IllegalArgumentException(minName + " value of " + min + " is greater than "
                    + maxName + " value of " + max);
        }
    }

    private record Ports(int min, int max) {
    }

    private static void checkPort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is outside 0..65535");
        }
    }
}
