package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.StartPhase;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one incarnation, blocking (on the supervisor's serial executor, never a framework thread):
 * client, launch, handshake, connect, first health check (all inside the client), then the services
 * by reflection when none are configured. With {@code grpc.service} configured there is no reflection
 * call here: the supervisor registers at once, then asks and checks the answer when it arrives. A start
 * in progress can be aborted from any thread; nothing of a failed or aborted start is left running.
 */
final class IncarnationStarter {

    /** What a start ended with. */
    sealed interface Outcome permits Started, Failed, Aborted {
    }

    /**
     * Serving: the incarnation is ready to be registered.
     *
     * @param incarnation the started incarnation
     * @param checkServices whether the configured services are still to be checked against the
     *     plugin's reflection service, after registering ({@link ServiceCheck#list})
     */
    record Started(Incarnation incarnation, boolean checkServices) implements Outcome {
    }

    /**
     * Did not start.
     *
     * @param cause what went wrong, for the admin
     * @param permanent whether a restart cannot help (a new configuration or executable is needed)
     */
    record Failed(String cause, boolean permanent) implements Outcome {
    }

    /** Aborted by {@link #abort()} or because the plugin is closing. */
    record Aborted() implements Outcome {
    }

    private final PluginRuntime runtime;
    private final LineRing log;
    private volatile Published starting; // the start under way, once its client exists

    // a start's client with the token its caller gave it
    private record Published(Object token, PluginClient client) {
    }

    IncarnationStarter(PluginRuntime runtime, LineRing log) {
        this.runtime = runtime;
        this.log = log;
    }

    /**
     * Kills the start in progress, if any; any thread. Call it after the change that makes the start's
     * {@code cancelled} true: a start that publishes its client after this read sees that change.
     */
    void abort() {
        Published published = starting;
        if (published != null) {
            runtime.runTracked(published.client()::kill);
        }
    }

    /**
     * As {@link #abort()}, but only the start begun with {@code token}: a later start is left alone.
     *
     * @param token the token given to {@link #start}
     */
    void abort(Object token) {
        Published published = starting;
        if (published != null && published.token() == token) {
            runtime.runTracked(published.client()::kill);
        }
    }

    /**
     * @param token identifies this start for {@link #abort(Object)}
     * @param s the settings
     * @param cancelled whether this start is no longer wanted (stop() or close() came after it was asked
     *     for); read after the client is published for {@link #abort()}, and after the start
     * @param progress told the client's start phases with the plugin's pid, on this thread
     * @param connecting called once the process serves and its services are being checked
     * @param pid the configuration, for messages
     */
    Outcome start(Object token, PluginSettings s, BooleanSupplier cancelled, ObjLongConsumer<StartPhase> progress,
            Runnable connecting, String pid) {
        PluginClient client;
        AtomicReference<PluginClient> self = new AtomicReference<>();
        ProcessLines stderr = new ProcessLines(log);
        try {
            PluginHost host = runtime.host();
            Logger pluginLog = LoggerFactory.getLogger(host.loggerPrefix() + "." + s.name());
            Consumer<String> stdio = line -> {
                stderr.accept(line);
                pluginLog.info(line);
            };
            // the phases come while client.start() runs, after the client was published below
            client = ClientFactory.create(host, s, stderr, stdio, phase -> progress.accept(phase, self.get().pid()));
        } catch (RuntimeException e) {
            return new Failed("invalid configuration " + pid + ": " + e.getMessage(), true);
        }
        stderr.writer = client;
        self.set(client);
        starting = new Published(token, client); // until the services are known: abort() also ends the listing
        try {
            if (cancelled.getAsBoolean()) { // abort() may have missed the client: read after publishing it
                return new Aborted();
            }
            try {
                client.start();
            } catch (PluginStartException e) {
                return cancelled.getAsBoolean() ? new Aborted() : failure(e);
            } catch (RuntimeException | LinkageError e) {
                // not a start failure the client knows; the start left nothing running either way
                return cancelled.getAsBoolean() ? new Aborted()
                        : new Failed("start failed unexpectedly: " + e, false);
            }
            connecting.run();
            if (!s.services().isEmpty()) {
                // the service properties are known: the supervisor registers, then checks them
                return new Started(new Incarnation(client, s, s.services()), true);
            }
            List<String> services = ServiceCheck.served(s.name(), client, s.healthTimeout());
            if (cancelled.getAsBoolean()) { // asked while reflection answered; abort() may have killed it
                runtime.runTracked(client::kill);
                return new Aborted();
            }
            return new Started(new Incarnation(client, s, services), false);
        } catch (InterruptedException e) {
            runtime.runTracked(client::kill);
            Thread.currentThread().interrupt();
            return new Aborted();
        } finally {
            starting = null;
        }
    }

    /** One process's stderr lines into the ring, with its pid once the process was spawned. */
    private static final class ProcessLines implements Consumer<String> {

        private final LineRing ring;
        volatile PluginClient writer;
        private volatile long pid = LineRing.UNKNOWN_PID;

        ProcessLines(LineRing ring) {
            this.ring = ring;
        }

        @Override
        public void accept(String line) {
            PluginClient client = writer;
            if (pid == LineRing.UNKNOWN_PID && client != null) {
                try {
                    pid = client.pid();
                } catch (IllegalStateException e) {
                    // not spawned, or gone: the line is kept without its pid
                }
            }
            ring.add(pid, line);
        }
    }

    private static Failed failure(PluginStartException e) {
        // the message ends with the plugin's last stderr lines already
        return new Failed("start failed (" + e.reason() + "): " + e.getMessage(),
                StartFailureKind.isPermanent(e.reason()));
    }
}
