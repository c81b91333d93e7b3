package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginProperties;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.handshake.HandshakeReader;
import dev.rpcplugin.runtime.internal.PluginSettings.HostEnvironment;
import dev.rpcplugin.runtime.internal.PluginSettings.RestartPolicy;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Turns one configuration's properties into {@link PluginSettings}, or names the first bad attribute. */
final class SettingsParser {

    private static final Pattern PORT_RANGE = Pattern.compile("\\s*(\\d{1,5})\\s*-\\s*(\\d{1,5})\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[^=\\x00]+");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String FILE_PREFIX = PluginProperties.FACTORY_PID + "-";
    // lower case: service property names are compared ignoring case, and a second spelling is refused
    private static final Set<String> FRAMEWORK_PROPERTIES = Set.of("objectclass", "service.id", "service.bundleid",
            "service.scope", "service.ranking", PluginProperties.GRPC_SERVICE.toLowerCase(Locale.ROOT));

    private SettingsParser() {
    }

    /**
     * @param properties the component properties (configuration plus DS's own)
     * @return the validated settings
     * @throws InvalidConfigurationException naming the attribute and its value
     */
    static PluginSettings parse(Map<String, ?> properties) throws InvalidConfigurationException {
        // otherwise ignored, and the attributes meant keep their defaults; all named, so one edit fixes them
        Map<String, String> misspelt = new TreeMap<>();
        for (String key : properties.keySet()) {
            String meant = ConfigValues.meantAttribute(key);
            if (meant != null) {
                misspelt.put(key, meant);
            }
        }
        if (!misspelt.isEmpty()) {
            Map.Entry<String, String> first = misspelt.entrySet().iterator().next();
            StringBuilder reason = new StringBuilder("is unknown; the attribute is ").append(first.getValue());
            misspelt.entrySet().stream().skip(1).forEach(other -> reason.append("; so is ").append(other.getKey())
                    .append(" (meant: ").append(other.getValue()).append(')'));
            throw new InvalidConfigurationException(first.getKey(), properties.get(first.getKey()), reason.toString());
        }
        ConfigValues v = new ConfigValues(properties);
        String name = name(v, properties);
        List<String> command = command(v);
        // may be made later: a missing one fails the start, which is retried
        Path workingDir = path(v, "working.dir");
        Map<String, String> environment = environment(v);
        HostEnvironment policy = choice(v, "environment.policy", HostEnvironment.class);
        List<String> allow = v.tokens("environment.allow");
        if (policy == HostEnvironment.ALLOW_LIST && allow.isEmpty()) {
            throw new InvalidConfigurationException("environment.allow", v.raw("environment.allow"),
                    "environment.policy allow-list needs at least one variable name");
        }
        if (policy != HostEnvironment.ALLOW_LIST && !allow.isEmpty()) {
            // otherwise ignored: the plugin would get more of the host's environment than the list names
            throw new InvalidConfigurationException("environment.allow", v.raw("environment.allow"),
                    "is used only with environment.policy allow-list, and environment.policy is "
                            + policy.name().toLowerCase(Locale.ROOT));
        }
        for (String allowed : allow) {
            if (!ENV_NAME.matcher(allowed).matches()) {
                throw new InvalidConfigurationException("environment.allow", allowed,
                        "is no environment variable name");
            }
        }
        String cookieKey = required(v, "magic.cookie.key");
        if (!ENV_NAME.matcher(cookieKey).matches()) {
            throw new InvalidConfigurationException("magic.cookie.key", cookieKey, "is no environment variable name");
        }
        String cookieValue = required(v, "magic.cookie.value");
        String checksum = v.string("checksum");
        if (!checksum.isEmpty() && !HEX64.matcher(checksum).matches()) {
            throw new InvalidConfigurationException("checksum", checksum, "expected 64 hex digits (SHA-256)");
        }
        Duration backoffInitial = v.duration("restart.backoff.initial", false);
        Duration backoffMax = v.duration("restart.backoff.max", false);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new InvalidConfigurationException("restart.backoff.max", v.raw("restart.backoff.max"),
                    "must not be less than restart.backoff.initial (" + v.raw("restart.backoff.initial") + ")");
        }
        int[] ports = portRange(v);
        return new PluginSettings(name, command, workingDir, environment, policy,
                policy == HostEnvironment.ALLOW_LIST ? List.copyOf(new LinkedHashSet<>(allow)) : List.of(),
                cookieKey, cookieValue, protocolVersions(v), networks(v), v.bool("auto.mtls"),
                checksum.isEmpty() ? null : checksum.toLowerCase(Locale.ROOT),
                v.duration("start.timeout", false), v.duration("stop.grace", false), v.duration("drain.timeout", true),
                choice(v, "restart.policy", RestartPolicy.class), backoffInitial, backoffMax,
                v.integer("restart.max", -1, Integer.MAX_VALUE), healthInterval(v),
                v.duration("health.timeout", false), v.duration("health.restart.after", true), services(v),
                v.integer("service.ranking", Integer.MIN_VALUE, Integer.MAX_VALUE), socketDirectory(v, "socket.dir"),
                v.integer("handshake.max.noise.lines", -1, HandshakeReader.MAX_SKIPPED_LINES_LIMIT),
                v.integer("log.lines", 0, 10_000), ports[0], ports[1], serviceProperties(properties));
    }

    /**
     * The configuration's own properties, for the registrations, as Declarative Services propagates a
     * component's: all but this runtime's attributes, private ones (a leading dot), those the framework
     * or SCR set ({@code objectClass}, {@code service.id}, ..., {@code component.*}, {@code osgi.ds.*})
     * and the {@code PluginConnection} properties ({@code plugin.*}, {@code grpc.service}), which the
     * runtime sets; compared ignoring case, as the framework compares property names. Arrays become
     * lists, so that an equal configuration delivered again compares equal.
     */
    static Map<String, Object> serviceProperties(Map<String, ?> properties) {
        Map<String, Object> own = new TreeMap<>();
        properties.forEach((key, value) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (value != null && !ConfigValues.isAttribute(key) && !key.startsWith(".") && !lower.startsWith("component.")
                    && !FRAMEWORK_PROPERTIES.contains(lower) && !lower.startsWith("plugin.")
                    && !lower.startsWith("osgi.ds.")) {
                own.put(key, value.getClass().isArray() ? arrayAsList(value) : value);
            }
        });
        return Collections.unmodifiableMap(own);
    }

    private static List<Object> arrayAsList(Object array) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) {
            list.add(Array.get(array, i));
        }
        return List.copyOf(list);
    }

    // "MIN-MAX" inclusive, as go-plugin's PLUGIN_MIN_PORT/PLUGIN_MAX_PORT; "0-0" lets the system choose
    private static int[] portRange(ConfigValues v) throws InvalidConfigurationException {
        String raw = v.string("port.range");
        java.util.regex.Matcher m = PORT_RANGE.matcher(raw);
        if (!m.matches()) {
            throw new InvalidConfigurationException("port.range", raw, "expected MIN-MAX, e.g. 10000-25000");
        }
        int min = Integer.parseInt(m.group(1));
        int max = Integer.parseInt(m.group(2));
        if (min > 65535 || max > 65535 || min > max || (min == 0) != (max == 0)) {
            throw new InvalidConfigurationException("port.range", raw,
                    "needs 1 <= MIN <= MAX <= 65535, or 0-0 for any free port");
        }
        return new int[] {min, max};
    }

    /** The name as configured or derived from the configuration's alias; for messages before parsing. */
    static String displayName(Map<String, ?> properties) {
        Object configured = properties.get("name");
        if (configured instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        String alias = alias(properties);
        return alias != null ? alias : String.valueOf(properties.get("service.pid"));
    }

    private static String name(ConfigValues v, Map<String, ?> properties) throws InvalidConfigurationException {
        String configured = v.string("name");
        String name = configured.isEmpty() ? alias(properties) : configured;
        if (name == null) {
            throw new InvalidConfigurationException("name", "", "is required: the configuration has no alias "
                    + "(service.pid " + properties.get("service.pid") + ") to take it from");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidConfigurationException("name", name,
                    "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    // factory configuration alias: "pid~alias" (Configuration Admin 1.6), or a file "pid-alias.cfg"
    private static String alias(Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        if (pid instanceof String s && s.indexOf('~') >= 0 && s.indexOf('~') < s.length() - 1) {
            return s.substring(s.indexOf('~') + 1);
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String base = String.valueOf(file);
            base = base.substring(base.lastIndexOf('/') + 1);
            int dot = base.lastIndexOf('.');
            base = dot > 0 ? base.substring(0, dot) : base;
            if (base.startsWith(FILE_PREFIX) && base.length() > FILE_PREFIX.length()) {
                return base.substring(FILE_PREFIX.length());
            }
        }
        return null;
    }

    private static List<String> command(ConfigValues v) throws InvalidConfigurationException {
        List<String> values = v.strings("command");
        List<String> argv;
        if (values.size() == 1) {
            try {
                argv = ArgvSplitter.split(values.get(0));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("command", values.get(0), e.getMessage());
            }
        } else {
            argv = values;
        }
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new InvalidConfigurationException("command", v.raw("command"), "is required: the executable and "
                    + "its arguments");
        }
        return List.copyOf(argv);
    }

    private static Map<String, String> environment(ConfigValues v) throws InvalidConfigurationException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String element : v.strings("environment")) {
            List<String> entries;
            try {
                entries = ArgvSplitter.split(element);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("environment", element, e.getMessage());
            }
            for (String entry : entries) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || entry.indexOf('\0') >= 0) {
                    throw new InvalidConfigurationException("environment", entry, "expected KEY=VALUE");
                }
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return Map.copyOf(env);
    }

    private static List<Integer> protocolVersions(ConfigValues v) throws InvalidConfigurationException {
        List<Integer> versions = new ArrayList<>();
        for (String token : v.tokens("protocol.versions")) {
            try {
                int version = Integer.parseInt(token);
                if (version < 0) {
                    throw new NumberFormatException();
                }
                if (!versions.contains(version)) {
                    versions.add(version);
                }
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException("protocol.versions", token, "is no version (0 or more)");
            }
        }
        if (versions.isEmpty()) {
            throw new InvalidConfigurationException("protocol.versions", v.raw("protocol.versions"),
                    "at least one version is needed");
        }
        return List.copyOf(versions);
    }

    private static List<String> networks(ConfigValues v) throws InvalidConfigurationException {
        LinkedHashSet<String> networks = new LinkedHashSet<>();
        for (String token : v.tokens("allowed.networks")) {
            String network = token.toLowerCase(Locale.ROOT);
            if (!network.equals("unix") && !network.equals("tcp")) {
                throw new InvalidConfigurationException("allowed.networks", token, "allowed are unix and tcp");
            }
            networks.add(network);
        }
        if (networks.isEmpty()) {
            throw new InvalidConfigurationException("allowed.networks", v.raw("allowed.networks"),
                    "at least one of unix and tcp is needed");
        }
        return List.copyOf(networks);
    }

    private static List<String> services(ConfigValues v) throws InvalidConfigurationException {
        LinkedHashSet<String> services = new LinkedHashSet<>();
        for (String token : v.tokens("grpc.service")) {
            if (!SERVICE.matcher(token).matches()) {
                throw new InvalidConfigurationException("grpc.service", token,
                        "is no full gRPC service name such as proto.KV");
            }
            services.add(token);
        }
        return List.copyOf(services);
    }

    private static String required(ConfigValues v, String key) throws InvalidConfigurationException {
        String value = v.string(key);
        if (value.isEmpty()) {
            throw new InvalidConfigurationException(key, v.raw(key), "is required");
        }
        return value;
    }

    private static Path path(ConfigValues v, String key) throws InvalidConfigurationException {
        String text = v.string(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Path.of(text).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException(key, text, "is no valid path: " + e.getReason());
        }
    }

    /** Checks faster than this keep a core busy; "5" (meant as seconds) is 5 ms. */
    static final Duration SHORTEST_HEALTH_INTERVAL = Duration.ofMillis(50);

    private static Duration healthInterval(ConfigValues v) throws InvalidConfigurationException {
        Duration interval = v.duration("health.interval", true);
        if (!interval.isZero() && interval.compareTo(SHORTEST_HEALTH_INTERVAL) < 0) {
            throw new InvalidConfigurationException("health.interval", v.raw("health.interval"), "is "
                    + interval.toNanos() / 1e6 + " ms (a bare number is milliseconds); the least is "
                    + SHORTEST_HEALTH_INTERVAL.toMillis() + " ms, and 0 turns the checks off");
        }
        return interval;
    }

    // longer, no plugin's socket fits (a go-plugin plugin's lies 32 bytes below, a Java plugin's 52:
    // over 55 bytes the host warns when it is made for the directory, naming the Java plugins' limit)
    private static Path socketDirectory(ConfigValues v, String key) throws InvalidConfigurationException {
        Path dir = directory(v, key);
        int bytes = dir == null ? 0 : dir.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > PluginHost.MAX_GO_PLUGIN_SOCKET_DIRECTORY_PARENT_BYTES) {
            throw new InvalidConfigurationException(key, v.string(key), "is " + bytes + " bytes long, more than "
                    + PluginHost.MAX_GO_PLUGIN_SOCKET_DIRECTORY_PARENT_BYTES + ": socket paths are limited to 107"
                    + " bytes, and a plugin's socket lies 32 (go-plugin) to 52 (this project's SDK) bytes below this"
                    + " directory; at most " + PluginHost.MAX_SOCKET_DIRECTORY_PARENT_BYTES + " bytes suit every plugin");
        }
        return dir;
    }

    private static Path directory(ConfigValues v, String key) throws InvalidConfigurationException {
        String text = v.string(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            Path dir = Path.of(text).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new InvalidConfigurationException(key, text, "is not an existing directory");
            }
            return dir;
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException(key, text, "is no valid path: " + e.getReason());
        }
    }

    private static <E extends Enum<E>> E choice(ConfigValues v, String key, Class<E> type)
            throws InvalidConfigurationException {
        String text = v.string(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().replace('_', '-').equalsIgnoreCase(text)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().replace('_', '-').toLowerCase(Locale.ROOT));
        }
        throw new InvalidConfigurationException(key, text, "allowed are " + String.join(", ", allowed));
    }
}
