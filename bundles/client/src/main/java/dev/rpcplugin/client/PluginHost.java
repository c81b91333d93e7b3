package dev.rpcplugin.client;

import dev.rpcplugin.client.internal.CallbackExecutor;
import dev.rpcplugin.client.internal.HostThreads;
import dev.rpcplugin.client.internal.PipePoller;
import dev.rpcplugin.client.internal.ProcessSpawner;
import dev.rpcplugin.client.internal.RefusalSafeExecutor;
import dev.rpcplugin.client.internal.SocketDirectory;
import dev.rpcplugin.client.internal.SocketLeftovers;
import dev.rpcplugin.client.internal.WarmUp;
import dev.rpcplugin.security.KeyType;
import dev.rpcplugin.security.LazyTlsIdentity;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.transport.TransportResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What all plugins of one host share: one Netty event loop group, one cached pool for blocking work
 * (handshake reads, kill waits, and one task that drains the stdout and stderr pipes of all plugins;
 * threads are reused, none is dedicated to a plugin), the
 * host's AutoMTLS identity (made on first use, then presented to every plugin), the logger prefix and
 * where socket directories go. Create one per application (or OSGi component), give it to every
 * {@link PluginClient}, and {@link #close()} it at the end: that kills every plugin still running
 * through it (go-plugin's {@code CleanupClients}) and releases what the host created itself. A new
 * host removes, on its pool, the socket directories that killed hosts and plugins left in its socket
 * directory parent (see {@link dev.rpcplugin.transport.OrphanedSocketDirectories}: only this user's, only
 * of processes in this pid namespace that are gone). Thread-safe.
 */
public final class PluginHost implements AutoCloseable {

    /** The default logger prefix: plugin stderr goes to {@code plugin.<name>}. */
    public static final String DEFAULT_LOGGER_PREFIX = "plugin";

    /**
     * The longest socket directory parent, in bytes of UTF-8, under which the sockets of every plugin
     * fit in the kernel's 107 bytes: a plugin of this project's SDK puts its socket 52 bytes below the
     * parent (a go-plugin plugin: 32).
     */
    public static final int MAX_SOCKET_DIRECTORY_PARENT_BYTES = SocketDirectory.MAX_PARENT_BYTES;

    /**
     * The longest socket directory parent, in bytes of UTF-8, under which the socket of a go-plugin
     * plugin (which puts it 32 bytes below) still fits; a plugin of this project's SDK does not.
     */
    public static final int MAX_GO_PLUGIN_SOCKET_DIRECTORY_PARENT_BYTES = SocketDirectory.MAX_GO_PLUGIN_PARENT_BYTES;

    private final TransportResources transport;
    private final boolean ownsTransport;
    private final ExecutorService ownExecutor;
    private final Executor executor;
    private final CallbackExecutor ownCallbacks;
    private final Executor channelExecutor;
    private final Supplier<TlsIdentity> identity;
    private final String loggerPrefix;
    private final Path socketDirectoryParent;
    private final ProcessSpawner spawner;
    private final PipePoller pipes;
    private final Set<PluginClient> clients = ConcurrentHashMap.newKeySet(); // starting or running
    private final Set<Path> clientSocketDirectoryParents = ConcurrentHashMap.newKeySet(); // swept already
    private volatile boolean closed;

    private PluginHost(Builder b) {
        this.ownsTransport = b.transport == null;
        this.ownExecutor = b.executor == null ? HostThreads.newCachedPool() : null;
        this.executor = b.executor == null ? ownExecutor : new RefusalSafeExecutor(b.executor);
        // not grpc-java's shared pool: a channel releases that when it terminates, and its calls' last
        // messages and close, still queued for a slow listener, were then never delivered
        this.ownCallbacks = b.channelExecutor == null ? new CallbackExecutor() : null;
        this.channelExecutor = b.channelExecutor != null ? b.channelExecutor : ownCallbacks;
        this.identity = b.identity == null ? new LazyTlsIdentity(b.keyType) : b.identity;
        this.loggerPrefix = b.loggerPrefix;
        this.socketDirectoryParent = b.socketDirectoryParent;
        TransportResources resources;
        try {
            resources = b.transport == null ? TransportResources.create() : b.transport;
        } catch (RuntimeException e) {
            if (ownExecutor != null) {
                ownExecutor.shutdownNow();
            }
            throw e;
        }
        this.transport = resources;
        try {
            this.spawner = ProcessSpawner.create(b.killPluginsWithHost);
        } catch (RuntimeException | Error e) { // e.g. an invalid spawn mode: nothing of this host may stay open
            if (ownsTransport) {
                resources.close();
            }
            if (ownExecutor != null) {
                ownExecutor.shutdownNow();
            }
            throw e;
        }
        this.pipes = new PipePoller(executor);
        executor.execute(() -> SocketLeftovers.sweep(socketDirectoryParent));
        SocketDirectory.warnIfParentTooLong(socketDirectoryParent);
    }

    /** A host with default settings. */
    public static PluginHost create() {
        return builder().build();
    }

    /** Starts configuring a host. */
    public static Builder builder() {
        return new Builder();
    }

    /** The shared event loops, e.g. for brokered servers of your own. Owned by the host unless supplied. */
    public TransportResources transport() {
        return transport;
    }

    /** The shared pool for blocking work. */
    public Executor executor() {
        return executor;
    }

    /**
     * The host's AutoMTLS identity, generated on the first call (or the first AutoMTLS launch) and the
     * same ever after.
     */
    public TlsIdentity hostIdentity() {
        return identity.get();
    }

    /**
     * Does, once and without a plugin, the work every launch needs the JVM to have loaded and
     * initialised, so that the first launch does not pay it: in a fresh JVM the first launch takes
     * hundreds of milliseconds longer than the next ones (grpc-java, Netty and, for AutoMTLS, JSSE and
     * the host's identity), a warm host a few. The warm-up starts a child process as plugins are
     * started ({@code /bin/true}), then makes a health check over a plugin channel to a plugin server
     * on a private Unix socket in this JVM, over TLS with the host's own identity when
     * {@code autoMtls}. It runs on the host's pool and leaves nothing behind. It helps as far as it is
     * done before the first launch: call it early, while the application has other things to do. A
     * launch may start while it runs, but gains little then, as both do the same work at the same
     * time. Optional: nothing depends on it.
     *
     * @param autoMtls also make the host's AutoMTLS identity and warm the TLS path
     * @return completes when done, or exceptionally (a {@code RuntimeException} naming the step) if a
     *     step failed; the host is usable either way
     */
    public CompletableFuture<Void> warmUp(boolean autoMtls) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the plugin host is closed"));
        }
        return CompletableFuture.runAsync(() -> {
            try {
                WarmUp.run(transport, spawner, autoMtls ? identity.get() : null, socketDirectoryParent,
                        channelExecutor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("warm-up interrupted", e);
            }
        }, executor);
    }

    /** The prefix of plugin logger names. */
    public String loggerPrefix() {
        return loggerPrefix;
    }

    /** The plugins started through this host that have not been killed or exited yet. */
    public List<PluginClient> runningPlugins() {
        List<PluginClient> running = new ArrayList<>();
        for (PluginClient client : clients) {
            if (client.state() == PluginClient.State.CONNECTED) {
                running.add(client);
            }
        }
        return running;
    }

    /**
     * Kills every running plugin of this host in parallel, ends the starts in progress (they fail with
     * {@code KILLED}) and waits for all, then stops the pool and event loops if the host created them.
     * Idempotent. It may be called from an exit listener; it then does not wait for the listener's thread.
     *
     * @throws IllegalStateException on one of the host's transport I/O threads (a callback on a direct
     *     channel executor), where the wait could never end; nothing is closed then
     */
    @Override
    public void close() {
        if (transport.isIoThread()) {
            throw new IllegalStateException("PluginHost.close() called on transport I/O thread "
                    + Thread.currentThread().getName() + " (a callback on channelExecutor(Runnable::run)?), whose"
                    + " plugins' Shutdown calls need that thread; close the host from another thread");
        }
        closed = true;
        List<CompletableFuture<Void>> kills = new ArrayList<>();
        for (PluginClient client : new ArrayList<>(clients)) {
            if (client.isTellingItsExit()) {
                continue; // closed from its exit listener: it has ended, and its kill() would wait for this thread
            }
            kills.add(CompletableFuture.runAsync(client::kill, executor));
        }
        CompletableFuture.allOf(kills.toArray(new CompletableFuture<?>[0])).join();
        spawner.close(); // only now: with killPluginsWithHost its thread's end would SIGKILL live plugins
        if (ownExecutor != null && HostThreads.runsOn(ownExecutor)) {
            ownExecutor.shutdown(); // closed from one of its threads (an exit listener): that one ends after this
        } else if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                if (!ownExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                    ownExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                ownExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (ownsTransport) {
            transport.close();
        }
        if (ownCallbacks != null) {
            ownCallbacks.close(); // not waited for: the callbacks are the application's
        }
    }

    Executor channelExecutor() {
        return channelExecutor;
    }

    Path socketDirectoryParent() {
        return socketDirectoryParent;
    }

    /**
     * The parent a client asked for, or this host's when it asked for none. A parent of a client's own is
     * swept for leftovers (and checked for its length) once, when first used.
     */
    Path socketDirectoryParent(Path requested) {
        if (requested == null || requested.equals(socketDirectoryParent)) {
            return socketDirectoryParent;
        }
        if (clientSocketDirectoryParents.add(requested)) {
            executor.execute(() -> SocketLeftovers.sweep(requested));
            SocketDirectory.warnIfParentTooLong(requested);
        }
        return requested;
    }

    ProcessSpawner spawner() {
        return spawner;
    }

    PipePoller pipes() {
        return pipes;
    }

    /**
     * Whether the plugins of this host are killed by the kernel when the host process dies (see
     * {@link Builder#killPluginsWithHost(boolean)}).
     */
    public boolean killsPluginsWithHost() {
        return spawner.killsWithHost();
    }

    Supplier<TlsIdentity> identitySupplier() {
        return identity;
    }

    /** Registers a plugin as its start begins; false when the host is closed (it must not start then). */
    boolean register(PluginClient client) {
        clients.add(client);
        if (closed) { // close() sets the flag, then reads the set: it sees this client, or this sees the flag
            clients.remove(client);
            return false;
        }
        return true;
    }

    void unregister(PluginClient client) {
        clients.remove(client);
    }

    /** Collects a host's settings. Not thread-safe. */
    public static final class Builder {
        private TransportResources transport;
        private Executor executor;
        private Executor channelExecutor;
        private Supplier<TlsIdentity> identity;
        private KeyType keyType = KeyType.DEFAULT;
        private String loggerPrefix = DEFAULT_LOGGER_PREFIX;
        private Path socketDirectoryParent;
        private boolean killPluginsWithHost = true;

        private Builder() {
        }

        /**
         * Whether the kernel kills every plugin of this host when the host process dies, even by
         * SIGKILL (Linux parent-death signal, set through util-linux's {@code setpriv}, so it also works
         * for plugins that never watch their host, such as go-plugin's). Default true; without
         * {@code /usr/bin/setpriv} it has no effect. Reattached plugins are not affected.
         */
        public Builder killPluginsWithHost(boolean kill) {
            this.killPluginsWithHost = kill;
            return this;
        }

        /** Use these event loops instead of creating them; the caller keeps owning and closing them. */
        public Builder transport(TransportResources resources) {
            this.transport = Objects.requireNonNull(resources, "resources");
            return this;
        }

        /**
         * Run blocking work (the pipe poller, handshake reads, kill waits) on this executor instead of a
         * pool of the host's own. It must not queue tasks behind running ones (the pipe poller runs as
         * long as any plugin lives, and a start waits for its handshake read), so give it a cached pool: a
         * start whose read it never ran fails with {@code TIMEOUT}, naming this executor.
         * The caller keeps owning it; keep it running until the host is closed. A task it refuses runs on
         * a thread of the host's own (logged once at WARN), so that plugins are still stopped.
         */
        public Builder executor(Executor blockingExecutor) {
            this.executor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
            return this;
        }

        /**
         * Where the callbacks of async stubs on plugin channels (and on channels the broker dials) run;
         * default a pool of the host's own (threads {@code rpcplugin-callbacks-N}), which a call can
         * always use to deliver its last messages and its close, also after the plugin died or the host
         * was closed; closing the host neither waits for running callbacks nor interrupts them. Pass
         * {@code Runnable::run} for a direct executor (fastest, when callbacks never block). The caller
         * keeps owning the executor given here.
         */
        public Builder channelExecutor(Executor callbackExecutor) {
            this.channelExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /** Key type of the generated host AutoMTLS identity; default {@link KeyType#DEFAULT}. */
        public Builder autoMtlsKeyType(KeyType type) {
            this.keyType = Objects.requireNonNull(type, "type");
            this.identity = null;
            return this;
        }

        /** Supplies the host identity instead of generating one; asked once, on first use. */
        public Builder hostIdentity(Supplier<TlsIdentity> supplier) {
            this.identity = new LazyTlsIdentity(Objects.requireNonNull(supplier, "supplier"));
            return this;
        }

        /** Logger name prefix; plugin stderr goes to {@code <prefix>.<plugin name>}. Default {@code plugin}. */
        public Builder loggerPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isBlank()) {
                throw new IllegalArgumentException("logger prefix must not be blank");
            }
            this.loggerPrefix = prefix;
            return this;
        }

        /**
         * Existing directory under which each plugin gets its private socket directory; default
         * {@code /tmp} (or {@code java.io.tmpdir}). Keep it to at most 55 bytes: socket paths are limited
         * to 107 bytes, and a plugin of this project's SDK puts its socket 52 bytes below the parent (a
         * go-plugin plugin: 32). A longer one is named in a warning when the host is built.
         */
        public Builder socketDirectoryParent(Path parent) {
            this.socketDirectoryParent = Objects.requireNonNull(parent, "parent").toAbsolutePath();
            return this;
        }

        /**
         * Creates the host.
         *
         * @throws dev.rpcplugin.transport.NativeTransportUnavailableException if epoll is unavailable
         */
        public PluginHost build() {
            return new PluginHost(this);
        }
    }

    @Override
    public String toString() {
        return "PluginHost[" + loggerPrefix + ", " + runningPlugins().size() + " running" + (closed ? ", closed]" : "]");
    }
}
