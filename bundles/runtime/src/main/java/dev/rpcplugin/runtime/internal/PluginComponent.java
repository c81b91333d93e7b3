package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginProperties;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One plugin per factory configuration {@code dev.rpcplugin.plugin} (Karaf: {@code
 * etc/dev.rpcplugin.plugin-NAME.cfg} or {@code config:edit --factory}). Activate, modified and
 * deactivate only hand the work to the plugin's supervisor (which parses a configuration on arrival,
 * the check that {@code socket.dir} exists included, to abort a start it supersedes);
 * an invalid configuration never throws
 * into SCR but shows as FAILED with the attribute and value named. Deactivate leaves the teardown to
 * the runtime, which waits for it (bounded) when it stops, so that nothing of the plugin outlives
 * the bundle.
 */
@Component(name = PluginProperties.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = PluginComponent.Config.class, factory = true)
public final class PluginComponent {

    private final PluginRuntime runtime;
    private final PluginSupervisor supervisor;

    /**
     * @param runtime the shared runtime
     * @param context this bundle's context, for registering the plugin's connections
     * @param properties the configuration
     */
    @Activate
    public PluginComponent(@Reference PluginRuntime runtime, BundleContext context, Map<String, Object> properties) {
        this.runtime = runtime;
        this.supervisor = new PluginSupervisor(String.valueOf(properties.get("service.pid")), runtime,
                ConnectionRegistrar.of(context));
        runtime.registry().add(supervisor);
        supervisor.configure(properties);
    }

    /** A changed configuration: the supervisor swaps in a new incarnation if anything relevant changed. */
    @Modified
    void modified(Map<String, Object> updated) {
        supervisor.configure(updated);
    }

    /**
     * Configuration deleted, bundle or framework stopping: ordered teardown on the runtime's threads.
     * It does not block this (framework) thread; the runtime's own deactivate, which SCR runs after
     * this one, waits for it (bounded) so that nothing of the plugin outlives the bundle.
     */
    @Deactivate
    void deactivate(int reason) {
        runtime.registry().remove(supervisor);
        runtime.track(supervisor.close(deactivation(reason)));
    }

    // ComponentConstants.DEACTIVATION_REASON_*, for the log line of a process ended on purpose
    private static String deactivation(int reason) {
        switch (reason) {
            case 4:
                return "its configuration was deleted";
            case 5:
                return "the component runtime (SCR) is stopping";
            case 6:
                return "the runtime bundle is stopping";
            case 1:
                return "the plugin component was disabled";
            default:
                return "the plugin component was deactivated (reason " + reason + ")";
        }
    }

    /**
     * The attributes of a factory configuration {@code dev.rpcplugin.plugin}, described by metatype. Method
     * names map to attribute ids as Declarative Services does ({@code start_timeout} is {@code
     * start.timeout}). The defaults here are the only ones: {@link ConfigValues} reads them from this type.
     * Durations are strings such as {@code 500ms}, {@code 30s}, {@code 2m} or {@code PT30S}; a bare number
     * is milliseconds.
     */
    @ObjectClassDefinition(id = PluginProperties.FACTORY_PID, name = "rpcplugin plugin",
            description = "A plugin process started by the container and offered as a PluginConnection service "
                    + "while it is serving. One factory configuration per plugin, e.g. "
                    + "etc/dev.rpcplugin.plugin-kv.cfg.")
    @interface Config {

        @AttributeDefinition(name = "Name", required = false, description = "The plugin name (service property "
                + "plugin.name): letters, digits, '.', '_' and '-'. Empty: the configuration's alias, i.e. the part "
                + "of service.pid after '~' or of the file name after 'dev.rpcplugin.plugin-' (kv for "
                + "etc/dev.rpcplugin.plugin-kv.cfg). Unique among all plugins.")
        String name() default "";

        @AttributeDefinition(name = "Command", description = "The executable and its arguments. One value is split "
                + "like a shell does (blanks separate, quotes group, no expansion); several values are taken as argv "
                + "as they are.")
        String[] command();

        @AttributeDefinition(name = "Working directory", required = false,
                description = "The directory to start the plugin in; while it is missing, starts fail and are"
                        + " retried. Empty: the framework's.")
        String working_dir() default "";

        @AttributeDefinition(name = "Environment", required = false, description = "Extra variables for the plugin "
                + "as KEY=VALUE entries, split like the command (so one value may hold several entries). As in "
                + "go-plugin, an inherited host variable of the same name wins.")
        String[] environment() default {};

        @AttributeDefinition(name = "Host environment", description = "Which of the framework's own environment "
                + "variables the plugin inherits.", options = {
                    @Option(value = "inherit", label = "All (go-plugin's behaviour)"),
                    @Option(value = "allow-list", label = "Only those named in environment.allow"),
                    @Option(value = "none", label = "None (go-plugin's SkipHostEnv)")})
        String environment_policy() default "inherit";

        @AttributeDefinition(name = "Inherited variables", required = false, description = "With environment.policy "
                + "allow-list: the names of the host variables passed on, e.g. PATH HOME (blank or comma separated). "
                + "Refused with another policy.")
        String[] environment_allow() default {};

        @AttributeDefinition(name = "Magic cookie key",
                description = "The environment variable the plugin checks, e.g. BASIC_PLUGIN.")
        String magic_cookie_key();

        @AttributeDefinition(name = "Magic cookie value", description = "Its expected value, e.g. hello.")
        String magic_cookie_value();

        @AttributeDefinition(name = "Protocol versions", description = "The app protocol versions this host "
                + "speaks (PLUGIN_PROTOCOL_VERSIONS); the plugin picks one (plugin.protocol.version).")
        String[] protocol_versions() default {"1"};

        @AttributeDefinition(name = "Allowed networks", description = "Where the plugin may listen: unix and/or tcp.")
        String[] allowed_networks() default {"unix", "tcp"};

        @AttributeDefinition(name = "AutoMTLS", description = "Mutual TLS with certificates made per launch, as "
                + "go-plugin's AutoMTLS. The plugin must support it.")
        boolean auto_mtls() default false;

        @AttributeDefinition(name = "Checksum", required = false, description = "The executable's expected SHA-256 "
                + "as 64 hex digits (go-plugin's SecureConfig); the plugin is not started on a mismatch. Empty: none.")
        String checksum() default "";

        @AttributeDefinition(name = "Start timeout",
                description = "How long launch, handshake, connect and the first health check may take together.")
        String start_timeout() default "1m";

        @AttributeDefinition(name = "Stop grace",
                description = "How long the plugin may take to exit after the Shutdown call before it is killed.")
        String stop_grace() default "2s";

        @AttributeDefinition(name = "Drain timeout", description = "After the service was unregistered (stop, "
                + "update, restart), how long calls still running on the old channel may take before it is shut down.")
        String drain_timeout() default "5s";

        @AttributeDefinition(name = "Restart policy", description = "When the plugin is started again.", options = {
                @Option(value = "always", label = "After every exit or failed start"),
                @Option(value = "on-failure", label = "After a failure: non-zero exit, signal, failed start"),
                @Option(value = "never", label = "Never")})
        String restart_policy() default "on-failure";

        @AttributeDefinition(name = "Initial backoff", description = "Delay before the first restart; it doubles "
                + "with every further restart in a row.")
        String restart_backoff_initial() default "1s";

        @AttributeDefinition(name = "Maximum backoff", description = "Cap of the restart delay. An incarnation that "
                + "stays serving this long resets the delay and the restart count.")
        String restart_backoff_max() default "1m";

        @AttributeDefinition(name = "Maximum restarts",
                description = "Restarts in a row before the plugin is marked FAILED; -1 for no limit.")
        int restart_max() default -1;

        @AttributeDefinition(name = "Health check interval", description = "Time between grpc.health.v1 checks "
                + "of service \"plugin\"; an answer other than SERVING unregisters the service until SERVING "
                + "returns. At least 50ms; 0 disables the checks.")
        String health_interval() default "5s";

        @AttributeDefinition(name = "Health check timeout", description = "Deadline of one health check.")
        String health_timeout() default "2s";

        @AttributeDefinition(name = "Replace when unhealthy for", description = "How long the plugin may stay "
                + "unhealthy (health checks failing or unanswered, its service unregistered) before its process "
                + "is replaced as after a crash, under the restart policy and backoff: for a plugin that hangs. "
                + "0 never replaces it.")
        String health_restart_after() default "0";

        @AttributeDefinition(name = "Expected services", required = false, description = "Full gRPC service names "
                + "the plugin serves (service property grpc.service), e.g. proto.KV. The service is registered as "
                + "soon as the plugin's health check answers SERVING; the plugin's reflection service, when it has "
                + "one, is asked right after, and if it lacks a configured service the PluginConnection is "
                + "withdrawn as that answer arrives and the plugin marked FAILED (not restarted). Empty: taken from "
                + "reflection before registering (none without it).")
        String[] grpc_service() default {};

        @AttributeDefinition(name = "Service ranking", description = "service.ranking of the PluginConnection.")
        int service_ranking() default 0;

        @AttributeDefinition(name = "Socket directory", required = false, description = "An existing directory in "
                + "which each incarnation gets a private socket directory. At most 55 bytes: socket paths are "
                + "limited to 107 bytes, and a Java plugin puts its socket 52 bytes below it (a go-plugin plugin 32, "
                + "so up to 75 for those; longer is refused). Empty: /tmp.")
        String socket_dir() default "";

        @AttributeDefinition(name = "Port range", description = "TCP ports a plugin listening on TCP may use, "
                + "MIN-MAX inclusive (PLUGIN_MIN_PORT, PLUGIN_MAX_PORT); 0-0 lets the system choose.")
        String port_range() default "10000-25000";

        @AttributeDefinition(name = "Lenient handshake", description = "How many stray stdout lines are skipped "
                + "(and logged) before the handshake line; -1 is go-plugin's strict rule (the first line must be it).")
        int handshake_max_noise_lines() default -1;

        @AttributeDefinition(name = "Recent log lines", type = AttributeType.INTEGER,
                description = "How many recent lines of the plugin (stderr, and a Java plugin's System.out and System.err) are kept for plugin:logs (PluginAdmin.recentLog).")
        int log_lines() default 200;
    }
}
