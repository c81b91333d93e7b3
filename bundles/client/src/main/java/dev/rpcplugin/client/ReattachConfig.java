package dev.rpcplugin.client;

import dev.rpcplugin.client.internal.ReattachJson;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to connect to a plugin that is already running, without a handshake: go-plugin's
 * {@code ReattachConfig}. Its JSON form is the one Terraform reads from {@code TF_REATTACH_PROVIDERS}:
 * <pre>{"Protocol":"grpc","ProtocolVersion":5,"Pid":123,"Test":true,"Addr":{"Network":"unix","String":"/tmp/plugin1"}}</pre>
 *
 * @param protocol {@code grpc} (the only one this host speaks) or {@code netrpc}
 * @param protocolVersion the app protocol version the plugin serves (0 when unknown)
 * @param network {@code unix} or {@code tcp}
 * @param address socket path, or {@code host:port}
 * @param pid the plugin's process id, positive
 * @param test true when the process is owned by someone else (a test or debugger): {@code kill()} then
 *     only disconnects and never kills the process
 */
public record ReattachConfig(String protocol, int protocolVersion, String network, String address, long pid,
        boolean test) {

    /** @throws InvalidReattachConfigException naming the bad field */
    public ReattachConfig {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        if (!protocol.equals("grpc") && !protocol.equals("netrpc")) {
            throw new InvalidReattachConfigException("reattach Protocol must be grpc or netrpc, was \"" + protocol
                    + "\"", null);
        }
        if (protocolVersion < 0) {
            throw new InvalidReattachConfigException("reattach ProtocolVersion must be >= 0, was " + protocolVersion,
                    null);
        }
        if (!network.equals("unix") && !network.equals("tcp")) {
            throw new InvalidReattachConfigException("reattach Addr.Network must be unix or tcp, was \"" + network
                    + "\"", null);
        }
        if (address.isBlank()) {
            throw new InvalidReattachConfigException("reattach Addr.String (the plugin's address) is empty", null);
        }
        if (pid <= 0) {
            throw new InvalidReattachConfigException("reattach Pid must be a positive process id, was " + pid, null);
        }
    }

    /**
     * Parses one configuration object. Key names match case-insensitively, as Go's JSON decoder does;
     * unknown keys are ignored; a missing {@code Protocol} means {@code netrpc}, as in go-plugin.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws InvalidReattachConfigException if the text is not such an object, naming the bad field
     */
    public static ReattachConfig fromJson(String json) {
        return ReattachJson.parse(json);
    }

    /**
     * Parses Terraform's {@code TF_REATTACH_PROVIDERS} shape: an object mapping names (provider
     * addresses) to configuration objects.
     *
     * @param json the JSON text
     * @return the configurations by name, in the order of the text
     * @throws InvalidReattachConfigException if the text is malformed, naming the entry
     */
    public static Map<String, ReattachConfig> fromJsonMap(String json) {
        return ReattachJson.parseMap(json);
    }

    /** This configuration as one compact JSON object, in the shape shown above. */
    public String toJson() {
        return ReattachJson.format(this);
    }

    /**
     * Several configurations as one JSON object keyed by name, e.g. for {@code TF_REATTACH_PROVIDERS}.
     *
     * @param configs name to configuration
     * @return compact JSON text
     */
    public static String toJsonMap(Map<String, ReattachConfig> configs) {
        return ReattachJson.formatMap(configs);
    }
}
