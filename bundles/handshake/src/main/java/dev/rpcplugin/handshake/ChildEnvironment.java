package dev.rpcplugin.handshake;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * Host side: builds the complete environment of a plugin process, in go-plugin's order (later
 * entries win): the app's per-plugin variables, then the host variables chosen by a
 * {@link HostEnvironmentPolicy}, then go-plugin's own variables (magic cookie,
 * {@code PLUGIN_MIN_PORT}, {@code PLUGIN_MAX_PORT}, {@code PLUGIN_PROTOCOL_VERSIONS}, and when
 * configured {@code PLUGIN_MULTIPLEX_GRPC}, {@code PLUGIN_CLIENT_CERT},
 * {@code PLUGIN_UNIX_SOCKET_GROUP}, {@code PLUGIN_UNIX_SOCKET_DIR}).
 *
 * <p>Use the result as the whole environment, e.g. {@code pb.environment().clear();
 * pb.environment().putAll(env)}. With {@link HostEnvironmentPolicy#inheritAll()}, go-plugin
 * variables present in the host's own environment are passed on unless the builder sets them, as
 * go-plugin does, except {@code PLUGIN_CLIENT_CERT}: it is the certificate of the host's own host
 * (when the host runs as a plugin itself), never this host's, so a plugin gets one only through
 * {@link Builder#clientCertificatePem} (AutoMTLS); and except {@code PLUGIN_MULTIPLEX_GRPC}, which
 * says what this host can do, so a plugin gets it only through {@link Builder#multiplexGrpc}.
 */
public final class ChildEnvironment {

    private ChildEnvironment() {
    }

    /**
     * Starts an environment for a plugin that expects this cookie. Until
     * {@link Builder#hostEnvironment} is called, no host variable is passed.
     */
    public static Builder builder(MagicCookie cookie) {
        return new Builder(cookie);
    }

    /** Collects the parts of a plugin's environment. */
    public static final class Builder {
        private final MagicCookie cookie;
        private Map<String, String> appEnvironment = Map.of();
        private Map<String, String> hostEnvironment = Map.of();
        private HostEnvironmentPolicy hostPolicy = HostEnvironmentPolicy.none();
        private SortedSet<Integer> protocolVersions;
        private PortRange portRange = PortRange.DEFAULT;
        private String unixSocketDir;
        private String unixSocketGroup;
        private String clientCertificatePem;
        private boolean multiplexGrpc;

        private Builder(MagicCookie cookie) {
            this.cookie = Objects.requireNonNull(cookie, "cookie");
        }

        /**
         * The app's per-plugin variables (go-plugin's {@code cmd.Env}); they lose against host and
         * go-plugin variables of the same name.
         *
         * @throws IllegalArgumentException for an empty name, a name with {@code =} or NUL, or a value with NUL
         */
        public Builder appEnvironment(Map<String, String> variables) {
            this.appEnvironment = checkedCopy("app environment", variables);
            return this;
        }

        /**
         * The host's environment and which of it to pass.
         *
         * @param hostEnvironment typically {@code System.getenv()}
         * @param policy {@link HostEnvironmentPolicy#inheritAll()} for go-plugin's behaviour, or an allow-list
         */
        public Builder hostEnvironment(Map<String, String> hostEnvironment, HostEnvironmentPolicy policy) {
            this.hostEnvironment = checkedCopy("host environment", hostEnvironment);
            this.hostPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The app protocol versions the host speaks ({@code PLUGIN_PROTOCOL_VERSIONS}); required.
         *
         * @throws IllegalArgumentException if empty or a version is negative
         */
        public Builder protocolVersions(Collection<Integer> versions) {
            this.protocolVersions = AppVersions.checked(versions, "the host");
            return this;
        }

        /** See {@link #protocolVersions(Collection)}. */
        public Builder protocolVersions(int... versions) {
            return protocolVersions(Arrays.stream(versions).boxed().toList());
        }

        /** The TCP port range; default {@link PortRange#DEFAULT} (10000 to 25000). */
        public Builder portRange(PortRange range) {
            this.portRange = Objects.requireNonNull(range, "range");
            return this;
        }

        /**
         * Where the plugin creates its Unix sockets ({@code PLUGIN_UNIX_SOCKET_DIR}); {@code null}
         * for the plugin's default temp dir. Keep it short: socket paths are limited to about 104 bytes.
         */
        public Builder unixSocketDir(String directory) {
            this.unixSocketDir = checkedOptional(EnvironmentVariables.UNIX_SOCKET_DIR, directory);
            return this;
        }

        /** Group (name or gid) for the plugin's sockets ({@code PLUGIN_UNIX_SOCKET_GROUP}); {@code null} for none. */
        public Builder unixSocketGroup(String group) {
            this.unixSocketGroup = checkedOptional(EnvironmentVariables.UNIX_SOCKET_GROUP, group);
            return this;
        }

        /**
         * The host's AutoMTLS certificate as PEM text ({@code PLUGIN_CLIENT_CERT}); {@code null} for
         * no AutoMTLS. Passed on verbatim, newlines included.
         *
         * @throws IllegalArgumentException if the text holds no PEM {@code CERTIFICATE} block
         */
        public Builder clientCertificatePem(String pem) {
            String checked = checkedOptional(EnvironmentVariables.CLIENT_CERT, pem);
            if (checked != null && (!checked.contains("-----BEGIN CERTIFICATE-----")
                    || !checked.contains("-----END CERTIFICATE-----"))) {
                throw new IllegalArgumentException(EnvironmentVariables.CLIENT_CERT
                        + " must be PEM text with a CERTIFICATE block, got " + checked.length() + " characters");
            }
            this.clientCertificatePem = checked;
            return this;
        }

        /** Whether to ask for gRPC broker multiplexing ({@code PLUGIN_MULTIPLEX_GRPC=true}); default no. */
        public Builder multiplexGrpc(boolean multiplex) {
            this.multiplexGrpc = multiplex;
            return this;
        }

        /**
         * Builds the environment.
         *
         * @return an unmodifiable map whose iteration order is go-plugin's order of assignment
         * @throws IllegalStateException if no protocol versions were given
         */
        public Map<String, String> build() {
            if (protocolVersions == null) {
                throw new IllegalStateException("protocolVersions(...) is required: the plugin negotiates with them");
            }
            Map<String, String> env = new LinkedHashMap<>();
            appEnvironment.forEach((name, value) -> assign(env, name, value));
            hostPolicy.select(hostEnvironment).forEach((name, value) -> {
                // a host that is itself a plugin holds its own host's certificate: with it the plugin
                // would insist on TLS with a certificate this host does not have. Multiplexing is what
                // this host can do, not what its environment says: a plugin told so would speak yamux.
                if (!name.equals(EnvironmentVariables.CLIENT_CERT) && !name.equals(EnvironmentVariables.MULTIPLEX_GRPC)) {
                    assign(env, name, value);
                }
            });
            assign(env, cookie.key(), cookie.value());
            assign(env, EnvironmentVariables.MIN_PORT, Integer.toString(portRange.min()));
            assign(env, EnvironmentVariables.MAX_PORT, Integer.toString(portRange.max()));
            assign(env, EnvironmentVariables.PROTOCOL_VERSIONS,
                    protocolVersions.stream().map(String::valueOf).collect(Collectors.joining(",")));
            if (multiplexGrpc) {
                assign(env, EnvironmentVariables.MULTIPLEX_GRPC, "true");
            }
            assignIfSet(env, EnvironmentVariables.CLIENT_CERT, clientCertificatePem);
            assignIfSet(env, EnvironmentVariables.UNIX_SOCKET_GROUP, unixSocketGroup);
            assignIfSet(env, EnvironmentVariables.UNIX_SOCKET_DIR, unixSocketDir);
            return Collections.unmodifiableMap(env);
        }

        // Remove first so the iteration order shows which assignment won.
        private static void assign(Map<String, String> env, String name, String value) {
            env.remove(name);
            env.put(name, value);
        }

        private static void assignIfSet(Map<String, String> env, String name, String value) {
            if (value != null) {
                assign(env, name, value);
            }
        }

        private static Map<String, String> checkedCopy(String what, Map<String, String> variables) {
            Map<String, String> copy = new LinkedHashMap<>();
            Objects.requireNonNull(variables, what).forEach((name, value) -> {
                EnvironmentNames.check(what, name, value);
                copy.put(name, value);
            });
            return copy;
        }

        private static String checkedOptional(String name, String value) {
            if (value == null) {
                return null;
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty (pass null to leave it unset)");
            }
            EnvironmentNames.check(name, name, value);
            return value;
        }
    }
}
