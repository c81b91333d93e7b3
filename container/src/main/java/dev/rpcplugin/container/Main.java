package dev.rpcplugin.container;

import java.io.PrintStream;

/**
 * Entry point of {@code bin/rpcplugin-container}: parses the command line, runs the container and
 * exits with one of the codes of {@link ExitCode}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the container and exits the JVM with its exit code.
     *
     * @param args the command line, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err).code());
    }

    static ExitCode run(String[] args, PrintStream out, PrintStream err) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (UsageException e) {
            err.println("rpcplugin-container: " + e.getMessage());
            err.println("Try 'rpcplugin-container --help'.");
            return ExitCode.USAGE;
        }
        if (options.help()) {
            out.println(LaunchOptions.USAGE);
            return ExitCode.OK;
        }
        // the original streams: Gogo later replaces System.out/err with its own multiplexers
        return new Launcher(System.in, out, err).run(options);
    }
}
