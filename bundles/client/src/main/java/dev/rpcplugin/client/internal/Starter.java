package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import dev.rpcplugin.client.ReattachConfig;
import dev.rpcplugin.client.StartPhase;
import dev.rpcplugin.handshake.HandshakeException;
import dev.rpcplugin.handshake.HandshakeLine;
import dev.rpcplugin.handshake.HandshakeParser;
import dev.rpcplugin.handshake.HandshakeReader;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * The start sequence. Launch: checksum, socket directory, process, handshake line within the start
 * timeout, connect (TLS, channel, stdio and broker streams, health check). Reattach: find the pid,
 * connect without a handshake. A failure leaves nothing behind.
 */
public final class Starter {

    /** What a successful start produced. */
    public record Started(PluginProcess process, Connection connection) {
    }

    /** How long the handshake line may still take to be read once the plugin exited. */
    static final Duration LAST_LINE_WAIT = Duration.ofMillis(500);

    private final ClientSettings settings;
    private final HostContext host;
    private final Logger pluginLog;
    private final StartControl control;
    private final HandshakeReader handshakeReader;

    public Starter(ClientSettings settings, HostContext host, Logger pluginLog, StartControl control) {
        this.settings = settings;
        this.host = host;
        this.pluginLog = pluginLog;
        this.control = control;
        this.handshakeReader = settings.reattach() != null ? null : handshakeReader(settings, pluginLog);
    }

    private static HandshakeReader handshakeReader(ClientSettings settings, Logger pluginLog) {
        HandshakeParser parser = HandshakeParser.builder(settings.protocolVersions())
                .allowedProtocols(settings.allowedProtocols())
                .build();
        if (settings.maxSkippedLines() < 0) {
            return HandshakeReader.strict(parser);
        }
        return HandshakeReader.lenient(parser, settings.maxSkippedLines(),
                line -> pluginLog.warn("ignoring a line the plugin printed on stdout before its handshake: {}", line));
    }

    /** Launches the configured command. */
    public Started launch() throws PluginStartException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        ProcessLauncher launcher = new ProcessLauncher(settings, host, pluginLog);
        PluginProcess process = launcher.launch(control::publish);
        HandshakeLine line = null;
        try {
            if (control.cancelled()) { // read after publishing: cancel() killed it, or it is killed here
                throw StartControl.killedWhileStarting(settings.name());
            }
            settings.reportProgress(StartPhase.HANDSHAKING);
            line = readHandshake(process, deadline);
            launcher.drainStdout(process);
            settings.reportProgress(StartPhase.CONNECTING);
            checkNotCancelled();
            Connection connection = new Connector(settings, host, control).connect(line.network().wireName(), line.address(),
                    line.appVersion(), line.serverCertificate(), process.socketDirectory().path(), deadline);
            if (control.cancelled()) {
                connection.abort();
                checkNotCancelled();
            }
            process.tree().rememberSoon(); // reading the process table takes a while: off the start path
            return new Started(process, connection);
        } catch (PluginStartException e) {
            PluginStartException failure = StartFailures.cleanUp(process, e, settings.name(), control.cancelled());
            deleteLeftoverSocket(line, process);
            throw failure;
        } catch (RuntimeException | Error e) {
            StartFailures.cleanUp(process, new PluginStartException(Reason.PROCESS_START_FAILED, e.toString(), e),
                    settings.name(), false);
            deleteLeftoverSocket(line, process);
            throw e;
        }
    }

    /** Connects to the running plugin named by the reattach config. */
    public Started reattach() throws PluginStartException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        ReattachConfig config = settings.reattach();
        if (!settings.allowedProtocols().contains(config.protocol())) {
            throw new PluginStartException(Reason.UNSUPPORTED_PROTOCOL, "unsupported plugin protocol \""
                    + config.protocol() + "\" in the reattach config of plugin " + settings.name() + ". Supported: "
                    + settings.allowedProtocols(), null);
        }
        ProcessHandle handle = ProcessHandle.of(config.pid()).filter(ProcessHandle::isAlive).orElse(null);
        if (handle == null) {
            throw new PluginStartException(Reason.REATTACH_PROCESS_NOT_FOUND, "reattachment process not found: no"
                    + " live process with pid " + config.pid() + " for plugin " + settings.name(), null);
        }
        PluginProcess process = PluginProcess.reattached(handle, host.executor(), host.spawner());
        try {
            return connectReattached(config, process, deadline);
        } catch (PluginStartException | RuntimeException | Error e) {
            process.stopWatchingExit(); // a host that keeps retrying must not collect pidfds
            throw e;
        }
    }

    private Started connectReattached(ReattachConfig config, PluginProcess process, long deadline)
            throws PluginStartException {
        control.publish(process);
        settings.reportProgress(StartPhase.CONNECTING);
        Connection connection;
        try {
            checkNotCancelled();
            connection = new Connector(settings, host, control).connect(config.network(), config.address(),
                    config.protocolVersion(), Optional.empty(), null, deadline);
            if (control.cancelled()) {
                connection.abort();
                checkNotCancelled();
            }
        } catch (PluginStartException e) {
            if (!control.cancelled()) {
                throw e;
            }
            // killed while reattaching: as kill() on the connected plugin would, unless only a disconnect is due
            if (!config.test() && !process.isHost()) {
                process.tree().killAll();
            }
            throw new PluginStartException(Reason.KILLED, "plugin " + settings.name() + " was killed while reattaching",
                    e.reason() == Reason.KILLED ? null : e);
        }
        return new Started(process, connection);
    }

    private HandshakeLine readHandshake(PluginProcess process, long deadline) throws PluginStartException {
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        AtomicBoolean readRan = new AtomicBoolean();
        Executor executor = host.executor();
        CompletableFuture<HandshakeLine> reading = handshakeReader.read(process.child().getInputStream(),
                read -> executor.execute(() -> {
                    readRan.set(true);
                    read.run();
                }), left);
        // a process the plugin started may keep its stdout open after it died, so that no end of file comes:
        // its exit ends the read too, once a line it printed last had time to arrive
        process.exit().thenRunAsync(() -> reading.completeExceptionally(new HandshakeException(
                        HandshakeException.Reason.NO_HANDSHAKE_LINE, "exited without printing its handshake line,"
                        + " and a process it started still holds its stdout", null)),
                CompletableFuture.delayedExecutor(LAST_LINE_WAIT.toNanos(), TimeUnit.NANOSECONDS));
        try {
            return reading.get();
        } catch (InterruptedException e) {
            reading.cancel(false);
            Thread.currentThread().interrupt();
            throw new PluginStartException(Reason.INTERRUPTED, "interrupted while waiting for the handshake of plugin "
                    + settings.name(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HandshakeException failure) {
                if (failure.reason() == HandshakeException.Reason.TIMEOUT && !readRan.get()) {
                    // the plugin may well have printed its line: nothing read it
                    throw new PluginStartException(Reason.TIMEOUT, "plugin " + settings.name() + ": its stdout was"
                            + " never read within the start timeout of " + millis(settings.startTimeout())
                            + ": the executor given to PluginHost.Builder.executor() did not run the read (it queues"
                            + " tasks behind running ones; give it a cached pool)", failure);
                }
                if (failure.reason() == HandshakeException.Reason.TIMEOUT) {
                    // the reader was given what was left of the start timeout: name the whole of it
                    throw new PluginStartException(Reason.TIMEOUT, "plugin " + settings.name() + ": timeout while"
                            + " waiting for plugin to start (no handshake line within the start timeout of "
                            + millis(settings.startTimeout()) + ")", failure);
                }
                // the handshake module's messages are go-plugin's, which do not say which plugin
                throw new PluginStartException(StartFailures.reasonOf(failure), "plugin " + settings.name() + ": "
                        + failure.getMessage() + noiseHint(failure), failure);
            }
            throw new PluginStartException(Reason.EXITED_BEFORE_HANDSHAKE, "reading the handshake of plugin "
                    + settings.name() + " failed: " + e.getCause(), e.getCause());
        }
    }

    // go-plugin's words say what happened; this says how to let a chatty plugin start
    private String noiseHint(HandshakeException failure) {
        if (failure.reason() != HandshakeException.Reason.UNRECOGNIZED_MESSAGE) {
            return "";
        }
        return settings.maxSkippedLines() < 0
                ? ". To skip lines a plugin prints before its handshake: PluginClientBuilder.lenientHandshake(n)"
                        + " (handshake.max.noise.lines in a plugin configuration of the rpcplugin runtime)"
                : ". It printed more than " + settings.maxSkippedLines() + " lines before it (the most to skip,"
                        + " lenientHandshake(n), handshake.max.noise.lines in the rpcplugin runtime)";
    }

    // the clean-up removed the sockets a live plugin listened on; the line names one of a plugin dead before
    private static void deleteLeftoverSocket(HandshakeLine line, PluginProcess process) {
        if (line != null) {
            LeftoverSocket.deleteAfterKill(line.network().wireName(), line.address(), process.tempDirectory());
        }
    }

    // below a millisecond, as a fraction: a timeout of 1 ns is no timeout "of 0 ms"
    private static String millis(Duration duration) {
        long nanos = duration.toNanos();
        return nanos >= 1_000_000 ? duration.toMillis() + " ms"
                : String.format(Locale.ROOT, "%.6f ms", nanos / 1e6);
    }

    private void checkNotCancelled() throws PluginStartException {
        if (control.cancelled()) {
            throw StartControl.killedWhileStarting(settings.name());
        }
    }
}
