package dev.rpcplugin.server.internal;

import dev.rpcplugin.handshake.CookieCheck;
import dev.rpcplugin.handshake.HandshakeLine;
import dev.rpcplugin.handshake.NegotiatedVersion;
import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.protocol.StdioService;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.server.PluginServer;
import dev.rpcplugin.transport.OrphanedSocketDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code PluginServer.serve()}, in go-plugin's order: cookie check, stdio redirection,
 * SIGINT ignored, version negotiation, TLS, listener and services ({@link PluginServices}), the
 * handshake line on the real stdout, the host watched, then wait for the end and tear down.
 *
 * <p>Three things end a run: the host's {@code Shutdown} (status 0), the host process going away
 * (status 2, hclog ERROR {@code host process exited}) and JVM termination (SIGTERM: the shutdown hook
 * lets the teardown remove the socket before the JVM exits). The thread that called {@link #run()}
 * always does the teardown.
 */
public final class PluginRun {

    /** How long SIGTERM waits for the teardown beyond the shutdown grace (stdio drain, forced stop). */
    private static final Duration HOOK_WAIT_BEYOND_GRACE = Duration.ofSeconds(3);
    private static final Duration STDIO_DRAIN = Duration.ofMillis(200);

    private final ServeSettings settings;
    private final PluginLogger log;
    private final ServiceSource services;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final HandlerThreads handlers = new HandlerThreads();
    private volatile boolean exitFromHandler;

    /**
     * @param settings the plugin's configuration
     * @param log the plugin's root logger
     * @param services makes the app's services for the negotiated version
     */
    public PluginRun(ServeSettings settings, PluginLogger log, ServiceSource services) {
        this.settings = settings;
        this.log = log;
        this.services = services;
    }

    /**
     * Serves until the end.
     *
     * @return the exit status
     */
    public int run() {
        // first, so that a host dying during start-up is still noticed
        Optional<ProcessHandle> host = ProcessHandle.current().parent();
        PluginEnvironment environment = PluginEnvironment.from(settings.environment());
        CookieCheck cookie = environment.checkCookie(settings.cookieKey(), settings.cookieValue());
        if (!cookie.accepted()) {
            writeAndFlush(StandardStreams.realStderr(), cookie.stderrMessage());
            return cookie.exitCode();
        }
        // From here nothing but the handshake line reaches file descriptor 1, and only hclog lines fd 2.
        StandardStreams streams = StandardStreams.capture();
        StdioService stdio = new StdioService();
        streams.redirectOut(stdio.stdout());
        streams.redirectErr(stdio.stderr());
        // after the redirection: libraries may print while they initialise (slf4j does)
        EarlyTransport transport = EarlyTransport.start();
        JulBridge bridge = JulBridge.install(log);
        // System.err goes to the stdio stream, which go-plugin before 1.4 never reads: the host's log
        // is the one place where a thread's death shows
        Thread.UncaughtExceptionHandler uncaught = Thread.getDefaultUncaughtExceptionHandler();
        if (uncaught == null) {
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> log.error("uncaught exception",
                    "thread", thread.getName(), "error", e, "stacktrace", JulBridge.stackTrace(e)));
        }
        // before the handshake line (go-plugin does it after): a host's SIGINT right after must not win
        InterruptSignals.ignore(log);
        try {
            return serve(environment, host, stdio, transport);
        } finally {
            transport.closeIfNotTaken();
            if (uncaught == null) {
                Thread.setDefaultUncaughtExceptionHandler(null);
            }
            bridge.uninstall();
            streams.restore();
            finished.countDown();
        }
    }

    private int serve(PluginEnvironment environment, Optional<ProcessHandle> host, StdioService stdio,
            EarlyTransport transport) {
        environment.protocolVersionWarnings().forEach(warning -> log.warn(warning));
        NegotiatedVersion version = environment.negotiate(settings.versions().keySet());
        if (environment.multiplexRequested()) {
            log.warn("the host asked for gRPC broker multiplexing, which this plugin does not support");
        }
        PluginServices running = null;
        HostWatcher watcher = null;
        Thread hook = null;
        TlsFailureLog tlsFailures = null;
        try {
            // both before anything is created: an exit requested during start-up is served after it
            hook = new Thread(this::onJvmShutdown, "rpcplugin-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (settings.watchHost()) {
                watcher = watchHost(host);
            }
            TlsFailureLog failures = new TlsFailureLog(log);
            ServerTls tls = ServerTls.create(settings.tls(), environment, log, failures);
            if (tls.enabled()) {
                failures.install();
                tlsFailures = failures;
            }
            running = PluginServices.start(transport, settings, environment, tls, stdio, version.version(), services,
                    () -> requestExit(PluginServer.EXIT_SHUTDOWN), handlers, log);
            printHandshake(handshakeLine(environment, version, running, tls));
            log.debug("plugin address", "network", running.network().wireName(), "address", running.address());
            running.addReflection();
            running.socketDirectoryParent().ifPresent(this::removeOrphanedSocketDirectoriesSoon);
            return exit.join();
        } catch (StartFailure e) {
            if (e.getCause() != null) { // the app's own failure: where it happened
                log.error("plugin init error", "error", e.getMessage(), "stacktrace",
                        JulBridge.stackTrace(e.getCause()));
            } else {
                log.error("plugin init error", "error", e.getMessage());
            }
            return PluginServer.EXIT_FAILED;
        } catch (RuntimeException | LinkageError e) {
            log.error("plugin failed", "error", e);
            return PluginServer.EXIT_FAILED;
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            drain(stdio);
            // the host's stdio stream is a call too: ended first, so that the grace waits for the app's
            // calls only (what they print meanwhile is dropped)
            stdio.close();
            if (running != null && exitFromHandler) {
                running.stopAtOnce();
            } else if (running != null) {
                running.stop(settings.shutdownGrace());
            }
            removeHook(hook);
            if (tlsFailures != null) {
                tlsFailures.uninstall();
            }
        }
    }

    private String handshakeLine(PluginEnvironment environment, NegotiatedVersion version, PluginServices running,
            ServerTls tls) {
        HandshakeLine.Builder line = HandshakeLine.builder(version.version(),
                dev.rpcplugin.handshake.Network.fromWireName(running.network().wireName()).orElseThrow(),
                running.address());
        tls.handshakeCertificate().ifPresent(line::serverCertificate);
        if (environment.expectsMultiplexField()) {
            // go-plugin prints field 7 whenever the variable is set; we never multiplex
            line.multiplexSupported(false);
        }
        return line.build().format() + "\n";
    }

    private void printHandshake(String line) throws StartFailure {
        OutputStream stdout = StandardStreams.realStdout();
        try {
            stdout.write(line.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
        } catch (IOException e) {
            throw new StartFailure("couldn't print the handshake line: " + e.getMessage(), e);
        }
    }

    // A host that gives no socket directory of its own (most go-plugin hosts) leaves the directories
    // of plugins killed by SIGKILL in the temp directory; the next plugin started removes them.
    private void removeOrphanedSocketDirectoriesSoon(Path parent) {
        Thread sweeper = new Thread(() -> {
            List<Path> removed = OrphanedSocketDirectories.remove(parent, OrphanedSocketDirectories::isListenerDirectoryName);
            if (!removed.isEmpty()) {
                log.info("removed socket directories left by plugins that were killed", "directories", removed.toString());
            }
        }, "rpcplugin-socket-sweep");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    private HostWatcher watchHost(Optional<ProcessHandle> host) {
        if (host.isEmpty()) {
            log.warn("no parent process to watch; the plugin will not notice when its host exits");
            return null;
        }
        List<ProcessHandle> shells = new ArrayList<>();
        ProcessHandle watched = HostWatcher.throughShells(host.get(), shells);
        HostWatcher watcher = new HostWatcher(shells, watched, () -> ProcessHandle.current().parent(),
                settings.hostCheckInterval(), gone -> {
                    // the host, or a shell between it and this process: whichever went
                    log.error("host process exited", "host_pid", gone);
                    requestExit(PluginServer.EXIT_HOST_EXITED);
                });
        watcher.start();
        return watcher;
    }

    // Output printed just before the end still reaches a host that streams it, within a bound.
    private static void drain(StdioService stdio) {
        if (!stdio.streaming()) {
            return;
        }
        try {
            stdio.awaitDrained(STDIO_DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requestExit(int status) {
        exit.complete(status);
    }

    // Runs on SIGTERM or System.exit elsewhere: let the serving thread tear down (socket removed).
    private void onJvmShutdown() {
        if (handlers.anyInExit()) {
            // that handler's call never ends: waiting for it would only hold the exit for the bounds
            exitFromHandler = true;
            log.debug("a handler called System.exit; running calls are not waited for");
        }
        requestExit(PluginServer.EXIT_TERMINATED);
        try {
            finished.await(settings.shutdownGrace().plus(HOOK_WAIT_BEYOND_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it only waits for this teardown
        }
    }

    private static void writeAndFlush(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // nobody reads stderr; the exit status still tells
        }
    }
}
