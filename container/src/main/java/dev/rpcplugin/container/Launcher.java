package dev.rpcplugin.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the container: framework up, bundles started, plugins awaited and listed, then the interactive
 * Gogo shell, the {@code --exec} commands, or (with {@code --no-shell}) nothing until a signal, and
 * finally a bounded framework stop.
 */
final class Launcher {

    /** Bounds the framework stop, which includes the runtime's ordered teardown of every plugin. */
    static final Duration STOP_BOUND = Duration.ofSeconds(30);
    private static final Duration GOGO_BOUND = Duration.ofSeconds(15);
    /** Started last: in interactive mode it takes the terminal, after the plugin table is printed. */
    private static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    private static final String PLUGIN_LIST = "plugin:list";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    Launcher(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    ExitCode run(LaunchOptions options) {
        boolean interactive = options.exec().isEmpty() && !options.noShell();
        ContainerHome home;
        List<Path> jars;
        HomeLock lock = null;
        EmbeddedFelix felix;
        try {
            home = ContainerHome.locate();
            home.applySystemProperties();
            jars = home.bundleJars();
            createDirectory(home.dataDir());
            lock = HomeLock.acquire(home.dataDir());
            home.createPluginWorkingDirectories();
            felix = EmbeddedFelix.start(home.frameworkProperties(interactive), err);
        } catch (LaunchException e) {
            if (lock != null) {
                lock.close();
            }
            err.println("rpcplugin-container: " + e.getMessage());
            return ExitCode.START_FAILED;
        }
        Thread hook = new Thread(() -> felix.stop(STOP_BOUND), "rpcplugin-container-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ExitCode code = ExitCode.START_FAILED;
        try {
            felix.installAndStart(jars, List.of(GOGO_SHELL));
            Optional<GogoSession> gogo = GogoSession.open(felix.context(), GOGO_BOUND, in, out, err);
            try {
                announcePlugins(felix, home, options.pluginWait(), gogo);
                felix.startDeferred();
                if (options.exec().isEmpty()) {
                    if (options.noShell()) {
                        err.println("rpcplugin-container: running without a shell; SIGTERM or SIGINT stops it");
                    }
                    gogo.ifPresent(GogoSession::close);
                    gogo = Optional.empty();
                    felix.awaitStopped(); // the shell's end, or the shutdown hook's, stops the framework
                    code = ExitCode.OK;
                } else {
                    code = execute(gogo, options.exec().get());
                }
            } finally {
                gogo.ifPresent(GogoSession::close);
            }
        } catch (LaunchException e) {
            err.println("rpcplugin-container: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("rpcplugin-container: interrupted");
        } finally {
            if (!felix.stop(STOP_BOUND)) {
                err.println("rpcplugin-container: the framework did not stop within " + STOP_BOUND.toSeconds()
                        + " s; plugin processes may still be running");
                code = ExitCode.STOP_TIMED_OUT;
            }
            removeHook(hook);
            lock.close();
        }
        return code;
    }

    private ExitCode execute(Optional<GogoSession> gogo, String script) throws LaunchException {
        GogoSession session = gogo.orElseThrow(() -> new LaunchException(
                "no Gogo command processor started within " + GOGO_BOUND.toSeconds() + " s; cannot run --exec"));
        for (String statement : CommandScript.statements(script)) {
            Optional<Throwable> failure = session.run(statement);
            if (failure.isPresent()) {
                err.println("rpcplugin-container: command failed: " + statement + ": "
                        + GogoSession.describe(failure.get()));
                return ExitCode.COMMAND_FAILED;
            }
        }
        return ExitCode.OK;
    }

    private void announcePlugins(EmbeddedFelix felix, ContainerHome home, Duration wait,
            Optional<GogoSession> gogo) throws LaunchException, InterruptedException {
        for (Path misnamed : home.misnamedPluginConfigs()) {
            err.println("rpcplugin-container: " + misnamed + " is not read as a plugin configuration: those are"
                    + " named " + ContainerHome.PLUGIN_CONFIG_PREFIX + "NAME.cfg");
        }
        int expected = home.pluginConfigs().size();
        if (expected == 0) {
            err.println("rpcplugin-container: no plugins configured (no " + ContainerHome.PLUGIN_CONFIG_PREFIX
                    + "NAME.cfg in " + home.etcDir() + ")");
            return;
        }
        if (!felix.hasBundle(PluginReadiness.RUNTIME_BUNDLE)) {
            err.println("rpcplugin-container: " + expected + " plugin configuration(s) in etc/, but the plugin"
                    + " runtime (bundle " + PluginReadiness.RUNTIME_BUNDLE + ") is not installed; nothing will"
                    + " start them");
            return;
        }
        if (wait.isZero()) {
            err.println("rpcplugin-container: not waiting for the " + expected + " configured plugin(s)");
            return;
        }
        err.println("rpcplugin-container: waiting up to " + wait.toSeconds() + " s for " + expected
                + " configured plugin(s) to be SERVING");
        PluginReadiness.Outcome outcome = new PluginReadiness(felix.context()).await(expected, wait);
        if (!outcome.runtimePresent()) {
            err.println("rpcplugin-container: the plugin runtime did not register " + PluginReadiness.ADMIN
                    + " within " + wait.toSeconds() + " s; is bundle " + PluginReadiness.RUNTIME_BUNDLE + " active?");
            return;
        }
        if (!outcome.ready()) {
            reportNotReady(expected, outcome.rows());
        }
        printTable(gogo, outcome.rows());
    }

    private void reportNotReady(int expected, List<PluginReadiness.PluginRow> rows) {
        if (rows.size() < expected) {
            err.println("rpcplugin-container: only " + rows.size() + " of " + expected
                    + " configured plugins are known to the runtime (check etc/ and the log)");
        }
        for (PluginReadiness.PluginRow row : rows) {
            if (!row.serving()) {
                err.println("rpcplugin-container: plugin " + row.name() + " is " + row.state()
                        + (row.lastFailure() == null ? "" : ": " + row.lastFailure()));
            }
        }
    }

    private void printTable(Optional<GogoSession> gogo, List<PluginReadiness.PluginRow> rows) {
        if (gogo.isPresent()) {
            Optional<Throwable> failure = gogo.get().run(PLUGIN_LIST);
            if (failure.isEmpty()) {
                return;
            }
            if (!failure.get().getClass().getSimpleName().equals("CommandNotFoundException")) {
                err.println("rpcplugin-container: " + PLUGIN_LIST + " failed: " + GogoSession.describe(failure.get()));
            }
        }
        String format = "%-24s %-12s %s%n";
        out.printf(format, "NAME", "STATE", "LAST FAILURE");
        for (PluginReadiness.PluginRow row : rows) {
            out.printf(format, row.name(), row.state(), row.lastFailure() == null ? "" : row.lastFailure());
        }
        out.flush();
    }

    private static void createDirectory(Path dir) throws LaunchException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LaunchException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }
}
