package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginDescription;
import dev.rpcplugin.api.PluginProperties;
import dev.rpcplugin.client.PluginClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started plugin process and its service. Registration is idempotent and may be undone from any
 * thread (the exit listener unregisters at once); no lock is held while the framework is called.
 */
final class Incarnation {

    private static final Logger LOG = LoggerFactory.getLogger(Incarnation.class);

    private final PluginClient client;
    private volatile PluginSettings settings; // host-side parts may change while it runs (adopt)
    private final DrainingChannel channel;
    private final PluginDescription description;
    private final AtomicReference<ConnectionRegistrar.Registration> registration = new AtomicReference<>();
    private volatile boolean ended;
    private long unhealthySince; // System.nanoTime() of the first failed check in a row; 0 while healthy

    Incarnation(PluginClient client, PluginSettings settings, List<String> services) {
        this.client = client;
        this.settings = settings;
        this.channel = new DrainingChannel(client.channel());
        this.description = new PluginDescription(settings.name(), UUID.randomUUID().toString(), client.pid(),
                client.protocolVersion(), client.network(), client.address(), client.tls(), services, Instant.now());
    }

    PluginClient client() {
        return client;
    }

    PluginSettings settings() {
        return settings;
    }

    PluginDescription description() {
        return description;
    }

    /**
     * Takes over settings that start the same process ({@link PluginSettings#startsTheSameProcessAs}):
     * a registration gets the new ranking and the configuration's new own properties.
     */
    void adopt(PluginSettings changed) {
        settings = changed;
        ConnectionRegistrar.Registration current = registration.get();
        if (current != null) {
            current.update(properties());
        }
    }

    /** The service properties of every registration of this incarnation. */
    Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>(settings.serviceProperties()); // the runtime's own win
        p.put(PluginProperties.PLUGIN_NAME, description.name());
        p.put(PluginProperties.PLUGIN_INSTANCE_ID, description.instanceId());
        p.put(PluginProperties.PLUGIN_PROTOCOL_VERSION, description.protocolVersion());
        p.put(PluginProperties.PLUGIN_NETWORK, description.network());
        p.put(PluginProperties.PLUGIN_TLS, description.tls());
        p.put(PluginProperties.PLUGIN_PID, description.pid());
        p.put(PluginProperties.GRPC_SERVICE, description.services().toArray(new String[0]));
        p.put(PluginProperties.SERVICE_RANKING, settings.ranking());
        return p;
    }

    /**
     * Registers a new {@code PluginConnection} unless one is registered or the process ended.
     *
     * @return whether a service is registered afterwards
     */
    boolean register(ConnectionRegistrar registrar) {
        if (ended || registration.get() != null) {
            return registration.get() != null;
        }
        ConnectionRegistrar.Registration fresh = registrar.register(new ConnectionService(channel, description),
                properties());
        if (!registration.compareAndSet(null, fresh) || ended) {
            fresh.unregister(); // lost a race with another register or with the exit
            unregister();
            return false;
        }
        return true;
    }

    /** A health check answered SERVING. On the supervisor's executor. */
    void healthy() {
        unhealthySince = 0;
    }

    /**
     * A health check failed. On the supervisor's executor.
     *
     * @return how long it has been unhealthy, from the first failed check in a row
     */
    Duration unhealthyFor(long now) {
        if (unhealthySince == 0) {
            unhealthySince = now == 0 ? 1 : now;
        }
        return Duration.ofNanos(now - unhealthySince);
    }

    /** Whether a service is registered now. */
    boolean registered() {
        return registration.get() != null;
    }

    /** Removes the service if registered; any thread, idempotent. */
    void unregister() {
        ConnectionRegistrar.Registration current = registration.getAndSet(null);
        if (current != null) {
            current.unregister();
        }
    }

    /** The process exited or is being retired: no registration from now on. */
    void end() {
        ended = true;
        unregister();
    }

    /**
     * The process exited: no registration from now on, and the current one, if any, is the caller's to
     * remove, so that whoever calls {@link #end()} meanwhile does not wait for consumers' callbacks.
     *
     * @return the registration to remove, or null
     */
    ConnectionRegistrar.Registration endTakingRegistration() {
        ended = true;
        return registration.getAndSet(null);
    }

    /**
     * The teardown after the service: unregister, let calls in flight finish (at most the drain timeout),
     * then the client's kill: {@code Shutdown}, stop grace, SIGKILL of the process tree, socket directory
     * deleted. Blocks; bounded by the drain timeout plus the client's own bounded kill.
     */
    void retire(Duration drainTimeout) {
        end();
        boolean interrupted = Thread.interrupted(); // finish the bounded teardown, then re-interrupt
        try {
            if (!client.hasExited() && !drainTimeout.isZero() && !channel.awaitDrained(drainTimeout)) {
                LOG.warn("plugin {} ({}): {} call(s) still running after the drain timeout {}; shutting down",
                        description.name(), description.instanceId(), channel.inFlight(), drainTimeout);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            client.kill();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return description.name() + " " + description.instanceId() + " (pid " + description.pid() + ")";
    }
}
