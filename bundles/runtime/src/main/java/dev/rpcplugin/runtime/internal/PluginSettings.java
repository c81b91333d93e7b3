package dev.rpcplugin.runtime.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One plugin configuration, validated. Two equal settings describe the same plugin, so an update
 * that changes nothing starts no new incarnation.
 *
 * @param name the plugin name ({@code plugin.name})
 * @param command argv
 * @param workingDirectory the plugin's working directory, or null for the framework's
 * @param environment extra variables for the plugin
 * @param hostEnvironment which of the framework's variables the plugin inherits
 * @param hostAllowList the inherited names when {@code hostEnvironment} is {@link HostEnvironment#ALLOW_LIST}
 * @param cookieKey magic cookie variable name
 * @param cookieValue magic cookie value
 * @param protocolVersions app protocol versions the host speaks
 * @param allowedNetworks {@code unix} and/or {@code tcp}
 * @param autoMtls whether to use AutoMTLS
 * @param checksum expected SHA-256 of the executable as hex, or null
 * @param startTimeout budget for launch, handshake, connect and the first health check
 * @param stopGrace how long the plugin may take to exit after {@code Shutdown}
 * @param drainTimeout how long in-flight calls may take after the service was unregistered
 * @param restartPolicy when to restart
 * @param backoffInitial first restart delay
 * @param backoffMax restart delay cap
 * @param maxRestarts restarts in a row before giving up; -1 for no limit
 * @param healthInterval time between health checks; zero disables them
 * @param healthTimeout deadline of one health check
 * @param healthRestartAfter how long unhealthy before the process is replaced; zero never
 * @param services expected gRPC service names; empty to take them from reflection
 * @param ranking {@code service.ranking} of the registrations
 * @param socketDirectory parent of the plugin's private socket directory, or null for the default
 * @param maxNoiseLines stdout lines skipped before the handshake; -1 for go-plugin's strict rule
 * @param logLines how many recent stderr and stdio stream lines are kept for {@code recentLog}
 * @param minPort lowest TCP port offered to the plugin ({@code PLUGIN_MIN_PORT}); 0 with maxPort 0: any
 * @param maxPort highest TCP port offered to the plugin ({@code PLUGIN_MAX_PORT})
 * @param serviceProperties the configuration's own properties, put on the registrations (arrays as lists)
 */
record PluginSettings(
        String name,
        List<String> command,
        Path workingDirectory,
        Map<String, String> environment,
        HostEnvironment hostEnvironment,
        List<String> hostAllowList,
        String cookieKey,
        String cookieValue,
        List<Integer> protocolVersions,
        List<String> allowedNetworks,
        boolean autoMtls,
        String checksum,
        Duration startTimeout,
        Duration stopGrace,
        Duration drainTimeout,
        RestartPolicy restartPolicy,
        Duration backoffInitial,
        Duration backoffMax,
        int maxRestarts,
        Duration healthInterval,
        Duration healthTimeout,
        Duration healthRestartAfter,
        List<String> services,
        int ranking,
        Path socketDirectory,
        int maxNoiseLines,
        int logLines,
        int minPort,
        int maxPort,
        Map<String, Object> serviceProperties) {

    /**
     * Whether a plugin started with {@code other} is what these settings would start: they differ at
     * most in what only the host uses (restarts, health checks, drain, ranking, recent log lines, the
     * configuration's own service properties), which a running incarnation can take over.
     */
    boolean startsTheSameProcessAs(PluginSettings other) {
        return equals(new PluginSettings(other.name, other.command, other.workingDirectory, other.environment,
                other.hostEnvironment, other.hostAllowList, other.cookieKey, other.cookieValue,
                other.protocolVersions, other.allowedNetworks, other.autoMtls, other.checksum, other.startTimeout,
                other.stopGrace, drainTimeout, restartPolicy, backoffInitial, backoffMax, maxRestarts,
                healthInterval, healthTimeout, healthRestartAfter, other.services, ranking, other.socketDirectory,
                other.maxNoiseLines, logLines, other.minPort, other.maxPort, serviceProperties));
    }

    /** Which host variables a plugin inherits. */
    enum HostEnvironment {
        /** All of them, as go-plugin does. */
        INHERIT,
        /** Only the listed names. */
        ALLOW_LIST,
        /** None (go-plugin's {@code SkipHostEnv}). */
        NONE
    }

    /** When a plugin is started again. */
    enum RestartPolicy {
        /** After every exit and every failed start. */
        ALWAYS,
        /**
         * After a non-zero exit, a death by signal or a failed start. A plugin whose health check fails
         * stays running, unregistered until it answers SERVING again, unless it stays unhealthy for
         * {@code health.restart.after}.
         */
        ON_FAILURE,
        /** Never. */
        NEVER
    }
}
