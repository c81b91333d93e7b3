package dev.rpcplugin.container;

import java.time.Duration;
import java.util.Optional;

/** The parsed command line of {@code bin/rpcplugin-container}. */
final class LaunchOptions {

    /** How long start-up waits for the configured plugins to be SERVING unless {@code --wait} says otherwise. */
    static final Duration DEFAULT_PLUGIN_WAIT = Duration.ofSeconds(60);

    /** The longest {@code --wait}: the waits count nanoseconds in a {@code long} (about 292 years). */
    static final long MAX_PLUGIN_WAIT_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: rpcplugin-container [--exec \"CMD1; CMD2 ...\" | --no-shell] [--wait SECONDS] [--help]",
            "",
            "Starts Apache Felix with every bundle in bundle/, the plugin configurations in etc/",
            "(dev.rpcplugin.plugin-NAME.cfg), waits until the configured plugins are SERVING and",
            "prints the plugin table.",
            "",
            "  --exec CMDS     run the Gogo commands CMDS (separated by ';'), print their output,",
            "                  stop the framework and every plugin, and exit",
            "                  (default: interactive Gogo shell on this terminal)",
            "  --no-shell      no shell and stdin not read: run until SIGTERM or SIGINT",
            "                  (as a service: systemd, docker run without -i, nohup)",
            "  --wait SECONDS  how long to wait for the plugins to be SERVING (default "
                    + DEFAULT_PLUGIN_WAIT.toSeconds() + "; 0: do not wait)",
            "  --help          print this text and exit",
            "",
            "Environment: JAVA_HOME (else java on PATH), JAVA_OPTS (extra JVM options, e.g.",
            "-Drpcplugin.etc=DIR to read the configuration from DIR instead of etc/).",
            "",
            "Exit codes:",
            "  0  shell ended normally, or every --exec command succeeded",
            "  1  an --exec command failed (threw, returned an exception or was not found)",
            "  2  bad command line",
            "  3  the container could not start",
            "  4  the framework did not stop in time; plugins may still be running",
            "  130, 143  stopped by SIGINT or SIGTERM (every plugin stopped too)");

    private final String exec;
    private final boolean noShell;
    private final Duration pluginWait;
    private final boolean help;

    private LaunchOptions(String exec, boolean noShell, Duration pluginWait, boolean help) {
        this.exec = exec;
        this.noShell = noShell;
        this.pluginWait = pluginWait;
        this.help = help;
    }

    /** Parses the launcher's arguments; both {@code --opt value} and {@code --opt=value} are accepted. */
    static LaunchOptions parse(String... args) throws UsageException {
        String exec = null;
        Duration wait = DEFAULT_PLUGIN_WAIT;
        boolean help = false;
        boolean noShell = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--no-shell" -> {
                    if (inlineValue != null) {
                        throw new UsageException("--no-shell takes no value: " + arg);
                    }
                    noShell = true;
                }
                case "--exec" -> {
                    if (exec != null) {
                        throw new UsageException("--exec given more than once; separate commands with ';'");
                    }
                    exec = inlineValue != null ? inlineValue : valueAfter(args, i++, name);
                    if (exec.isBlank()) {
                        throw new UsageException("--exec needs at least one command");
                    }
                }
                case "--wait" -> wait = seconds(inlineValue != null ? inlineValue : valueAfter(args, i++, name));
                default -> throw new UsageException(arg.startsWith("-")
                        ? "unknown option: " + arg
                        : "unexpected argument: " + arg + " (commands go after --exec)");
            }
        }
        if (noShell && exec != null) {
            throw new UsageException("--no-shell and --exec exclude each other: --exec runs its commands and exits");
        }
        return new LaunchOptions(exec, noShell, wait, help);
    }

    private static String valueAfter(String[] args, int index, String option) throws UsageException {
        if (index + 1 >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index + 1];
    }

    private static Duration seconds(String value) throws UsageException {
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds < 0) {
                throw new UsageException("--wait must not be negative: " + value);
            }
            if (seconds > MAX_PLUGIN_WAIT_SECONDS) {
                throw new UsageException("--wait must be at most " + MAX_PLUGIN_WAIT_SECONDS + " seconds: " + value);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new UsageException("--wait needs whole seconds, not: " + value);
        }
    }

    /** The commands given with {@code --exec}; empty for an interactive shell. */
    Optional<String> exec() {
        return Optional.ofNullable(exec);
    }

    /** Whether to run without a shell until a signal stops the container. */
    boolean noShell() {
        return noShell;
    }

    Duration pluginWait() {
        return pluginWait;
    }

    boolean help() {
        return help;
    }
}
