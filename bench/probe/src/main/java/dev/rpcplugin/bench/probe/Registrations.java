package dev.rpcplugin.bench.probe;

import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginProperties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * Notes when each plugin's {@link PluginConnection} is registered and unregistered. Service events
 * are delivered synchronously by the framework, so the time taken is the registration's own.
 */
final class Registrations implements ServiceListener, AutoCloseable {

    /** When a registration event happened ({@link System#nanoTime()}) and to which service. */
    record Seen(long nanos, ServiceReference<?> reference) {
    }

    private final BundleContext context;
    private final ConcurrentMap<String, CompletableFuture<Seen>> registered = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Seen>> unregistered = new ConcurrentHashMap<>();

    Registrations(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        context.addServiceListener(this, "(objectClass=" + PluginConnection.class.getName() + ")");
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        long now = System.nanoTime();
        Object name = event.getServiceReference().getProperty(PluginProperties.PLUGIN_NAME);
        if (!(name instanceof String plugin)) {
            return;
        }
        if (event.getType() == ServiceEvent.REGISTERED) {
            future(registered, plugin).complete(new Seen(now, event.getServiceReference()));
        } else if (event.getType() == ServiceEvent.UNREGISTERING) {
            future(unregistered, plugin).complete(new Seen(now, event.getServiceReference()));
        }
    }

    Seen awaitRegistered(String plugin, Duration limit) throws InterruptedException {
        return await(registered, plugin, limit, "registered");
    }

    Seen awaitUnregistered(String plugin, Duration limit) throws InterruptedException {
        return await(unregistered, plugin, limit, "unregistered");
    }

    /** Forgets a plugin, so that the name can be used again. */
    void forget(String plugin) {
        registered.remove(plugin);
        unregistered.remove(plugin);
    }

    private static Seen await(ConcurrentMap<String, CompletableFuture<Seen>> map, String plugin, Duration limit,
            String what) throws InterruptedException {
        try {
            return future(map, plugin).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the PluginConnection of " + plugin + " was not " + what + " within "
                    + limit.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static CompletableFuture<Seen> future(ConcurrentMap<String, CompletableFuture<Seen>> map, String plugin) {
        return map.computeIfAbsent(plugin, p -> new CompletableFuture<>());
    }

    @Override
    public void close() {
        context.removeServiceListener(this);
    }
}
