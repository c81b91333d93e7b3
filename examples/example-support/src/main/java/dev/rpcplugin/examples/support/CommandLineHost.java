package dev.rpcplugin.examples.support;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.examples.support.internal.HostLogging;
import dev.rpcplugin.examples.support.internal.PluginNames;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * A one-shot command-line host like go-plugin's example hosts: {@code PROGRAM COMMAND ARGS...}. It
 * checks the arguments, runs the plugin command from an environment variable through
 * {@code sh -c} (AutoMTLS when a second variable is {@code 1}), runs the command against it and
 * always kills the plugin: in a {@code finally} block and, should the JVM be stopped by a signal, in
 * a shutdown hook. Failures print {@code PROGRAM: <message>} on stderr and give exit status 1; every
 * run that got as far as launching ends stderr with {@code plugin exited: true|false}. Forwarded
 * plugin logs go to stderr (slf4j-simple, level from a third variable, default {@code info}).
 * The command {@code ping} (go-plugin's health check, prints {@code ok}) is built in.
 */
public final class CommandLineHost {

    /** Exit status of a run that failed, whatever the reason. */
    public static final int EXIT_FAILED = 1;

    private final Settings settings;

    private CommandLineHost(Settings settings) {
        this.settings = settings;
    }

    /**
     * Starts describing a host.
     *
     * @param program its name, printed before every error
     * @return the builder
     */
    public static Builder builder(String program) {
        return new Builder(program);
    }

    /** {@link #run(String[])}, then {@code System.exit} with its status. */
    public void runAndExit(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs one command with the process's environment, stdout and stderr.
     *
     * @param args the command and its arguments
     * @return 0, or {@link #EXIT_FAILED}
     */
    public int run(String[] args) {
        return run(List.of(args), System.getenv(), System.out, System.err);
    }

    /**
     * Runs one command.
     *
     * @param args the command and its arguments
     * @param environment where the plugin command and the switches are read
     * @param out where answers go
     * @param err where logs and errors go
     * @return 0, or {@link #EXIT_FAILED}
     */
    public int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String pluginCommand;
        Entry entry;
        try {
            entry = entryFor(args);
            entry.command().check(args.subList(1, args.size()));
            pluginCommand = environment.getOrDefault(settings.pluginVariable(), "");
            if (pluginCommand.isBlank()) {
                throw new IllegalArgumentException("environment variable " + settings.pluginVariable()
                        + " must hold the plugin command (run through sh -c)");
            }
            HostLogging.configure(settings.logLevelVariable(), environment.get(settings.logLevelVariable()), "info");
        } catch (IllegalArgumentException e) {
            err.println(settings.program() + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        PluginHost host = PluginHost.create();
        PluginClient client = PluginClient.builder(host)
                .name(PluginNames.of(pluginCommand))
                .command("sh", "-c", pluginCommand)
                .magicCookie(settings.cookieKey(), settings.cookieValue())
                .protocolVersions(settings.protocolVersion())
                .autoMtls("1".equals(environment.get(settings.autoMtlsVariable())))
                .build();
        // a signal ends the JVM without the finally below: kill the plugin, even one still starting
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.kill();
            host.close();
        }, settings.program() + "-shutdown"));
        String failure = null;
        try {
            client.start();
            entry.command().run(new HostSession(client, LoggerFactory.getLogger(settings.program()), out),
                    args.subList(1, args.size()));
            out.flush();
        } catch (PluginStartException e) {
            failure = "start plugin: " + e.getMessage();
        } catch (CommandFailedException e) {
            failure = e.getMessage();
        } catch (StatusRuntimeException e) {
            failure = args.get(0) + ": " + HostSession.describe(e.getStatus());
        } catch (Exception e) {
            failure = args.get(0) + ": " + e;
        } finally {
            if (failure != null) {
                err.println(settings.program() + ": " + failure);
            }
            client.kill();
            host.close();
        }
        err.println("plugin exited: " + (client.state() == PluginClient.State.STOPPED));
        return failure == null ? 0 : EXIT_FAILED;
    }

    private Entry entryFor(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(settings.usage());
        }
        Entry entry = settings.commands().get(args.get(0));
        if (entry == null) {
            throw new IllegalArgumentException("unknown command \"" + args.get(0) + "\"; " + settings.usage());
        }
        if (args.size() - 1 != entry.arity()) {
            throw new IllegalArgumentException(args.get(0) + " takes " + entry.arity() + " argument(s), got "
                    + (args.size() - 1) + "; " + settings.usage());
        }
        return entry;
    }

    private static void ping(HostSession session, List<String> arguments) throws CommandFailedException {
        ServingStatus status = session.call("ping", () -> session.stub(HealthGrpc::newBlockingStub)
                .check(HealthCheckRequest.newBuilder().setService("plugin").build()).getStatus());
        if (status != ServingStatus.SERVING) {
            throw new CommandFailedException("ping: plugin health is " + status);
        }
        session.out().println("ok");
    }

    private record Entry(int arity, HostCommand command) {
    }

    private record Settings(String program, String usage, Map<String, Entry> commands, String pluginVariable,
            String autoMtlsVariable, String logLevelVariable, String cookieKey, String cookieValue,
            int protocolVersion) {
    }

    /** Describes a {@link CommandLineHost}. Not thread-safe. */
    public static final class Builder {
        private final String program;
        private final Map<String, Entry> commands = new LinkedHashMap<>();
        private String usage;
        private String pluginVariable;
        private String autoMtlsVariable;
        private String logLevelVariable;
        private String cookieKey;
        private String cookieValue;
        private int protocolVersion = 1;

        private Builder(String program) {
            this.program = Objects.requireNonNull(program, "program");
            commands.put("ping", new Entry(0, CommandLineHost::ping));
        }

        /** The usage line printed with argument errors, e.g. {@code usage: kv-host get KEY | ping}. */
        public Builder usage(String line) {
            this.usage = Objects.requireNonNull(line, "line");
            return this;
        }

        /**
         * The environment variables read: the plugin command (required, run through {@code sh -c}),
         * AutoMTLS ({@code 1} turns it on) and the log level.
         */
        public Builder environment(String pluginCommand, String autoMtls, String logLevel) {
            this.pluginVariable = Objects.requireNonNull(pluginCommand, "pluginCommand");
            this.autoMtlsVariable = Objects.requireNonNull(autoMtls, "autoMtls");
            this.logLevelVariable = Objects.requireNonNull(logLevel, "logLevel");
            return this;
        }

        /** The plugin's magic cookie and the app protocol version to ask for. */
        public Builder handshake(String key, String value, int version) {
            this.cookieKey = Objects.requireNonNull(key, "key");
            this.cookieValue = Objects.requireNonNull(value, "value");
            this.protocolVersion = version;
            return this;
        }

        /**
         * Adds a command.
         *
         * @param name the first argument that selects it
         * @param arity how many arguments follow
         * @param command what it does
         * @return this
         */
        public Builder command(String name, int arity, HostCommand command) {
            if (commands.putIfAbsent(Objects.requireNonNull(name, "name"),
                    new Entry(arity, Objects.requireNonNull(command, "command"))) != null) {
                throw new IllegalArgumentException("command " + name + " is already defined");
            }
            return this;
        }

        /**
         * @return the host
         * @throws IllegalStateException if the usage, the environment variables or the handshake is missing
         */
        public CommandLineHost build() {
            if (usage == null || pluginVariable == null || cookieKey == null) {
                throw new IllegalStateException("a host needs usage, environment and handshake");
            }
            return new CommandLineHost(new Settings(program, usage, Map.copyOf(commands), pluginVariable,
                    autoMtlsVariable, logLevelVariable, cookieKey, cookieValue, protocolVersion));
        }
    }
}
