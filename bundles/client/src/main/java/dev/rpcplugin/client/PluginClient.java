package dev.rpcplugin.client;

import dev.rpcplugin.client.internal.ClientSettings;
import dev.rpcplugin.client.internal.Connection;
import dev.rpcplugin.client.internal.ExitNotice;
import dev.rpcplugin.client.internal.HostContext;
import dev.rpcplugin.client.internal.HostThreads;
import dev.rpcplugin.client.internal.Lifecycle;
import dev.rpcplugin.client.internal.PluginProcess;
import dev.rpcplugin.client.internal.StartControl;
import dev.rpcplugin.client.internal.Starter;
import dev.rpcplugin.client.internal.Starter.Started;
import dev.rpcplugin.client.internal.Stopper;
import dev.rpcplugin.protocol.Broker;
import io.grpc.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's handle on one plugin process: go-plugin's {@code Client}. Configure it with
 * {@link #builder(PluginHost)}, {@link #start()} it (launch, handshake, connect, health check, or
 * reattach), make stubs on {@link #channel()}, and {@link #kill()} it. One client is one process
 * incarnation: there is no restart; make a new client instead. Thread-safe.
 *
 * <pre>{@code
 * try (PluginHost host = PluginHost.create()) {
 *     PluginClient kv = PluginClient.builder(host)
 *             .command("/opt/plugins/kv-plugin")
 *             .magicCookie("BASIC_PLUGIN", "hello")
 *             .protocolVersions(1)
 *             .autoMtls(true)
 *             .build()
 *             .start();
 *     KVGrpc.KVBlockingStub stub = kv.newStub(KVGrpc::newBlockingStub);
 *     stub.put(PutRequest.newBuilder().setKey("k").build());
 *     kv.kill();
 * }
 * }</pre>
 */
public final class PluginClient implements AutoCloseable {

    /** Where a client is in its one life. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** {@link #start()} is running. */
        STARTING,
        /** Connected and healthy at start; calls may be made. */
        CONNECTED,
        /** Being torn down by {@link #kill()} or after the process exited. */
        STOPPING,
        /** Torn down: no process, channel, socket directory or reader left. */
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginClient.class);
    /** How long kill() waits for the exit listeners, which must not block for long. */
    private static final Duration LISTENERS_WAIT = Duration.ofSeconds(2);

    private final PluginHost host;
    private final ClientSettings settings;
    private final Logger pluginLog;
    private final StartControl control = new StartControl();
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile Started started;
    private volatile Thread startingThread; // only while start() runs
    private final ExitNotice exit = new ExitNotice();

    PluginClient(PluginHost host, ClientSettings settings) {
        this.host = host;
        this.settings = settings;
        this.pluginLog = LoggerFactory.getLogger(settings.loggerName());
    }

    /**
     * Starts configuring a plugin of this host.
     *
     * @param host the shared resources
     * @return a builder
     */
    public static PluginClientBuilder builder(PluginHost host) {
        return new PluginClientBuilder(host);
    }

    /**
     * Launches the plugin (or reattaches to it) and connects; returns once the plugin answered the
     * health check with {@code SERVING}. Blocks for at most about the start timeout.
     *
     * @return this client, connected
     * @throws PluginStartException if anything failed; no process, socket or thread of this attempt is
     *     left then, the client is {@link State#STOPPED}, and its exit listeners were told (with the
     *     launched process's exit code, or empty when no process was launched or it was a reattach; a
     *     killed process the system has not reaped within the clean-up's wait is told once it is)
     * @throws IllegalStateException if start was called before
     */
    public PluginClient start() throws PluginStartException {
        if (!lifecycle.beginStart()) {
            throw new IllegalStateException("plugin " + settings.name() + " cannot be started: it is "
                    + lifecycle.state() + " (a client starts once; make a new one)");
        }
        startingThread = Thread.currentThread();
        Started result;
        try {
            // known to the host from now on, so that closing the host cancels this start too
            if (!host.register(this)) {
                throw new PluginStartException(PluginStartException.Reason.KILLED, "plugin " + settings.name()
                        + " was not started: its host is closed", null);
            }
            Starter starter = new Starter(settings, context(), pluginLog, control);
            result = settings.reattach() != null ? starter.reattach() : starter.launch();
        } catch (PluginStartException | RuntimeException | Error e) {
            PluginProcess launched = control.launched();
            boolean ended = launched == null || launched.exit().isDone();
            if (ended) {
                exit.record(launched == null ? OptionalInt.empty() : launched.exitCodeNow());
            } else { // killed but not yet reaped (the clean-up's wait ended first): told when it is
                launched.exit().whenCompleteAsync((code, failure) -> {
                    exit.record(code == null ? OptionalInt.empty() : code);
                    exit.tell();
                }, host.executor()).exceptionally(failure -> {
                    LOG.error("telling the exit of plugin {} failed", settings.name(), failure);
                    return null;
                });
            }
            host.unregister(this);
            lifecycle.stopped();
            if (ended) {
                exit.tell();
            }
            throw e;
        } finally {
            startingThread = null;
        }
        started = result;
        if (!lifecycle.connected()) {
            abandon(result); // kill() came after the start had succeeded; it waits for this
            throw StartControl.killedWhileStarting(settings.name());
        }
        result.process().exit().whenCompleteAsync((code, failure) -> processExited(code), host.executor())
                .exceptionally(failure -> {
                    LOG.error("handling the exit of plugin {} failed", settings.name(), failure);
                    return null;
                });
        LOG.debug("plugin {} connected: pid {}, {} {}, protocol version {}{}", settings.name(), pid(), network(),
                address(), protocolVersion(), tls() ? ", TLS" : "");
        return this;
    }

    /**
     * Stops the plugin: go-plugin's graceful {@code Shutdown} call, channel closed, up to the stop grace
     * for the process to exit, then SIGKILL for the whole process tree (descendants first), pipes drained
     * and socket directory deleted. A reattached plugin in test mode is only disconnected (and its exit
     * no longer watched: the exit listeners are not told when it exits later). Idempotent,
     * safe to call concurrently (every caller returns once the teardown is done and the exit listeners
     * were told), from an exit listener (it then returns without waiting) and during {@link #start()}
     * (which then fails with {@code KILLED}), also from the start progress listener (it then returns at
     * once). A reattach in progress is abandoned, and its process killed unless it would only be
     * disconnected once connected (test mode, or this JVM itself). On a transport I/O thread (a
     * callback of a call on a direct channel executor, {@code channelExecutor(Runnable::run)}) it hands
     * the teardown to the host's pool and returns at once: the teardown's {@code Shutdown} call needs
     * that thread.
     */
    public void kill() {
        boolean onIoThread = host.transport().isIoThread();
        switch (lifecycle.beginKill()) {
            case CANCEL_START:
                control.cancel();
                break;
            case TEARDOWN:
                if (onIoThread) {
                    tearDownElsewhere();
                } else {
                    teardown(started, true, false);
                }
                break;
            default:
                break;
        }
        // an exit listener or start() itself (its progress listener) would wait for its own thread
        if (!onIoThread && !exit.isTelling() && Thread.currentThread() != startingThread) {
            lifecycle.awaitStopped();
            if (exit.isRecorded()) {
                exit.awaitTold(LISTENERS_WAIT);
            }
        }
    }

    private void tearDownElsewhere() {
        Started target = started;
        // the host's pool may be shut down already: the teardown must still run
        HostThreads.executeOrStartThread(host.executor(), () -> teardown(target, true, false),
                () -> "rpcplugin-kill-" + settings.name());
    }

    /** Whether the calling thread is telling this plugin's exit listeners. */
    boolean isTellingItsExit() {
        return exit.isTelling();
    }

    /** Same as {@link #kill()}. */
    @Override
    public void close() {
        kill();
    }

    /**
     * The plugin's channel, shared by every stub; it cannot be shut down through this reference (use
     * {@link #kill()}). Calls go straight to the underlying gRPC channel.
     *
     * @throws IllegalStateException before a successful start
     */
    public Channel channel() {
        return connection().userChannel();
    }

    /**
     * Makes a stub on {@link #channel()}, e.g. {@code client.newStub(KVGrpc::newBlockingStub)}.
     *
     * @throws IllegalStateException before a successful start
     */
    public <S> S newStub(Function<Channel, S> stubFactory) {
        return stubFactory.apply(channel());
    }

    /** The app protocol version the plugin chose (from the handshake, or the reattach config). */
    public int protocolVersion() {
        return connection().protocolVersion();
    }

    /** {@code unix} or {@code tcp}. */
    public String network() {
        return connection().network();
    }

    /** The socket path, or {@code host:port}. */
    public String address() {
        return connection().address();
    }

    /** Whether the channel uses TLS (AutoMTLS or explicit). */
    public boolean tls() {
        return connection().tls();
    }

    /**
     * The plugin's process id, known once its process started: a {@link PluginClientBuilder#startProgress
     * start progress} listener may read it from {@link StartPhase#HANDSHAKING} on.
     *
     * @throws IllegalStateException if no process was started (yet) or found for a reattach
     */
    public long pid() {
        Started s = started;
        if (s != null) {
            return s.process().pid();
        }
        PluginProcess launched = control.launched();
        if (launched == null) {
            throw new IllegalStateException("plugin " + settings.name() + " has no process (state " + state() + ")");
        }
        return launched.pid();
    }

    /** The host side of the connection broker, for extra connections to and from the plugin. */
    public Broker broker() {
        return connection().broker();
    }

    /**
     * How to reattach to this plugin from another host (e.g. as {@code TF_REATTACH_PROVIDERS}): for a
     * launched plugin its protocol, version, address and pid with {@code Test} false; for a reattached one
     * the configuration it was reattached with. A plugin started with AutoMTLS cannot be reattached from
     * another host, as in go-plugin: its certificates were made for this host, and the config carries none.
     */
    public ReattachConfig reattachConfig() {
        if (settings.reattach() != null) {
            return settings.reattach();
        }
        Connection c = connection();
        return new ReattachConfig("grpc", c.protocolVersion(), c.network(), c.address(), pid(), false);
    }

    /** The configured name (or the executable's base name). */
    public String name() {
        return settings.name();
    }

    /** Where this client is in its life. */
    public State state() {
        return lifecycle.state();
    }

    /** The last lines the plugin wrote to stderr, oldest first (empty for a reattached plugin). */
    public List<String> recentStderr() {
        Started s = started;
        return s == null ? List.of() : s.process().stderrTail().lines();
    }

    /**
     * Adds a listener told when the process exits, or when a start fails; called at once if that
     * happened already.
     *
     * @param listener the listener
     */
    public void addExitListener(PluginExitListener listener) {
        Objects.requireNonNull(listener, "listener");
        exit.add(code -> tell(listener, code));
    }

    /**
     * Whether the plugin's process has exited. Also true after a failed start, when no process was
     * launched or the client stopped watching a process it could not reattach to.
     */
    public boolean hasExited() {
        return exit.isRecorded();
    }

    /**
     * Waits until the process has exited; returns at once after a failed start.
     *
     * @return the exit code (empty when unknown, e.g. reattached, or when a failed start launched no
     *     process), or null if it did not exit in time
     * @throws InterruptedException if interrupted while waiting
     */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return exit.await(timeout);
    }

    @Override
    public String toString() {
        return "PluginClient[" + settings.name() + ", " + state() + "]";
    }

    // Order matters: exit recorded first (kill() waits for it), then the teardown of a plugin that died
    // on its own, then the listeners, so that a listener may call kill() without waiting on itself.
    private void processExited(OptionalInt code) {
        OptionalInt status = code == null ? OptionalInt.empty() : code;
        exit.record(status);
        boolean diedOnItsOwn = lifecycle.beginStop();
        if (!diedOnItsOwn) {
            pluginLog.debug("plugin process exited: pid {}, exit status {}", pid(), ExitStatus.describe(status));
        } else if (status.isPresent() && status.getAsInt() != 0) {
            // go-plugin logs this at INFO, or at ERROR with the exit error
            pluginLog.error("plugin process exited: pid {}, exit status {}", pid(), ExitStatus.describe(status));
        } else {
            pluginLog.info("plugin process exited: pid {}", pid());
        }
        try {
            if (diedOnItsOwn) {
                started.connection().userChannel().end("plugin " + settings.name() + " exited on its own (exit status "
                        + ExitStatus.describe(status) + ")");
                teardown(started, false, false);
            }
        } finally {
            exit.tell();
        }
    }

    // A listener's failure must not keep the next ones from being told: in OSGi, a listener of a bundle
    // refreshed meanwhile fails with a LinkageError, not a RuntimeException.
    private void tell(PluginExitListener listener, OptionalInt code) {
        try {
            listener.exited(this, code);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("exit listener of plugin {} failed", settings.name(), e);
        }
    }

    // recordExit: for a start given up; the exit is recorded before kill() may return
    private void teardown(Started target, boolean graceful, boolean recordExit) {
        target.connection().userChannel().end("plugin " + settings.name() + " was killed");
        try {
            boolean mayKill = settings.reattach() == null
                    || !settings.reattach().test() && !target.process().isHost();
            Stopper.stop(target.process(), target.connection(), mayKill, graceful, settings.stopGrace(), pluginLog);
            if (!mayKill) {
                target.process().stopWatchingExit(); // only disconnected: its exit is no longer this client's
            }
            if (mayKill && graceful && !exit.isTelling()) {
                // the exit is noticed on a pool thread: let kill() return only after listeners were told
                exit.awaitTold(LISTENERS_WAIT);
            }
        } finally {
            if (recordExit) {
                exit.record(settings.reattach() == null ? target.process().exitCodeNow() : OptionalInt.empty());
            }
            host.unregister(this);
            lifecycle.stopped();
        }
    }

    // Ends like a failed start: the exit recorded and the listeners told.
    private void abandon(Started target) {
        try {
            teardown(target, false, true);
        } finally {
            exit.tell();
        }
    }

    private Started startedOrThrow() {
        Started s = started;
        if (s == null) {
            throw new IllegalStateException("plugin " + settings.name() + " is not connected (state " + state() + ")");
        }
        return s;
    }

    private Connection connection() {
        return startedOrThrow().connection();
    }

    private HostContext context() {
        return new HostContext(host.transport(), host.executor(), host.channelExecutor(), host.identitySupplier(),
                host.socketDirectoryParent(settings.socketDirectoryParent()), host.spawner(), host.pipes());
    }
}
