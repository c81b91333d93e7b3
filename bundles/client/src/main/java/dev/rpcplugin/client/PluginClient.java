package dev.rpcplugin.client;

import dev.rpcplugin.client.internal.ClientSettings;
import dev.rpcplugin.client.internal.Connection;
import dev.rpcplugin.client.internal.HostContext;
import dev.rpcplugin.client.internal.StartControl;
import dev.rpcplugin.client.internal.Starter;
import dev.rpcplugin.client.internal.Starter.Started;
import dev.rpcplugin.client.internal.Stopper;
import dev.rpcplugin.protocol.Broker;
import io.grpc.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final PluginHost host;
    private final ClientSettings settings;
    private final Logger pluginLog;
    private final StartControl control = new StartControl();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Object lock = new Object();
    private State state = State.NEW; // guarded by lock
    private volatile Started started;
    private final List<PluginExitListener> listeners = new ArrayList<>(); // guarded by itself
    private OptionalInt exitCode; // guarded by listeners; null until the process exited
    private final CompletableFuture<OptionalInt> exitSeen = new CompletableFuture<>();

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
     *     left then, and the client is {@link State#STOPPED}
     * @throws IllegalStateException if start was called before
     */
    public PluginClient start() throws PluginStartException {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("plugin " + settings.name() + " cannot be started: it is " + state
                        + " (a client starts once; make a new one)");
            }
            state = State.STARTING;
        }
        Started result;
        try {
            Starter starter = new Starter(settings, context(), pluginLog, control);
            result = settings.reattach() != null ? starter.reattach() : starter.launch();
        } catch (PluginStartException | RuntimeException | Error e) {
            finishStopped();
            throw e;
        }
        boolean keep;
        synchronized (lock) {
            keep = state == State.STARTING;
            if (keep) {
                started = result;
                state = State.CONNECTED;
            }
        }
        if (!keep || !host.register(this)) {
            synchronized (lock) {
                state = State.STOPPING;
            }
            teardown(result, false);
            throw new PluginStartException(PluginStartException.Reason.KILLED, "plugin " + settings.name()
                    + (keep ? " was killed because its host was closed while it started" : " was killed while starting"),
                    null);
        }
        result.process().exit().whenCompleteAsync((code, failure) -> processExited(code), host.executor());
        LOG.debug("plugin {} connected: pid {}, {} {}, protocol version {}{}", settings.name(), pid(), network(),
                address(), protocolVersion(), tls() ? ", TLS" : "");
        return this;
    }

    /**
     * Stops the plugin: go-plugin's graceful {@code Shutdown} call, channel closed, up to the stop grace
     * for the process to exit, then SIGKILL for the whole process tree (descendants first), pipes drained
     * and socket directory deleted. A reattached plugin in test mode is only disconnected. Idempotent,
     * safe to call concurrently (every caller returns once the teardown is done) and during
     * {@link #start()} (which then fails with {@code KILLED}).
     */
    public void kill() {
        boolean runTeardown = false;
        boolean cancelStart = false;
        synchronized (lock) {
            switch (state) {
                case NEW:
                    state = State.STOPPED;
                    stopped.complete(null);
                    return;
                case STARTING:
                    state = State.STOPPING;
                    cancelStart = true;
                    break;
                case CONNECTED:
                    state = State.STOPPING;
                    runTeardown = true;
                    break;
                default:
                    break;
            }
        }
        if (cancelStart) {
            control.cancel();
        }
        if (runTeardown) {
            teardown(started, true);
        }
        stopped.join();
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

    /** The plugin's process id. */
    public long pid() {
        return startedOrThrow().process().pid();
    }

    /** The host side of the connection broker, for extra connections to and from the plugin. */
    public Broker broker() {
        return connection().broker();
    }

    /**
     * How to reattach to this plugin from another host (e.g. as {@code TF_REATTACH_PROVIDERS}): for a
     * launched plugin its protocol, version, address and pid with {@code Test} false; for a reattached one
     * the configuration it was reattached with.
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
        synchronized (lock) {
            return state;
        }
    }

    /** The last lines the plugin wrote to stderr, oldest first (empty for a reattached plugin). */
    public List<String> recentStderr() {
        Started s = started;
        return s == null ? List.of() : s.process().stderrTail().lines();
    }

    /**
     * Adds a listener told when the process exits; called at once if it has exited already.
     *
     * @param listener the listener
     */
    public void addExitListener(PluginExitListener listener) {
        OptionalInt code;
        synchronized (listeners) {
            if (exitCode == null) {
                listeners.add(listener);
                return;
            }
            code = exitCode;
        }
        tell(listener, code);
    }

    /** Whether the plugin's process has exited (and the exit listeners were told). */
    public boolean hasExited() {
        return exitSeen.isDone();
    }

    /**
     * Waits until the process has exited.
     *
     * @return the exit code (empty when unknown, e.g. reattached), or null if it did not exit in time
     * @throws InterruptedException if interrupted while waiting
     */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        try {
            return exitSeen.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public String toString() {
        return "PluginClient[" + settings.name() + ", " + state() + "]";
    }

    private void processExited(OptionalInt code) {
        List<PluginExitListener> toTell;
        OptionalInt exit = code == null ? OptionalInt.empty() : code;
        synchronized (listeners) {
            exitCode = exit;
            toTell = List.copyOf(listeners);
            listeners.clear();
        }
        boolean runTeardown;
        synchronized (lock) {
            runTeardown = state == State.CONNECTED;
            if (runTeardown) {
                state = State.STOPPING;
            }
        }
        if (runTeardown) {
            // died on its own: go-plugin logs this at INFO, or ERROR with the exit error
            if (exit.isPresent() && exit.getAsInt() != 0) {
                pluginLog.error("plugin process exited: pid {}, exit code {}", pid(), exit.getAsInt());
            } else {
                pluginLog.info("plugin process exited: pid {}", pid());
            }
        } else {
            pluginLog.debug("plugin process exited: pid {}, exit code {}", pid(), exit);
        }
        toTell.forEach(listener -> tell(listener, exit));
        exitSeen.complete(exit);
        if (runTeardown) {
            teardown(started, false);
        }
    }

    private void tell(PluginExitListener listener, OptionalInt code) {
        try {
            listener.exited(this, code);
        } catch (RuntimeException e) {
            LOG.warn("exit listener of plugin {} failed", settings.name(), e);
        }
    }

    private void teardown(Started target, boolean graceful) {
        try {
            boolean mayKill = settings.reattach() == null
                    || !settings.reattach().test() && !target.process().isHost();
            Stopper.stop(target.process(), target.connection(), mayKill, graceful, settings.stopGrace(), pluginLog);
            if (mayKill && graceful) {
                // the exit is noticed on a pool thread: let kill() return only after listeners were told
                awaitExitQuietly(Duration.ofSeconds(2));
            }
        } finally {
            host.unregister(this);
            finishStopped();
        }
    }

    private void awaitExitQuietly(Duration timeout) {
        try {
            awaitExit(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finishStopped() {
        synchronized (lock) {
            state = State.STOPPED;
        }
        stopped.complete(null);
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
                host.socketDirectoryParent());
    }
}
