package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginConnection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.LoggerFactory;

/** Registers {@link PluginConnection} services; the seam between the supervisor and the framework. */
interface ConnectionRegistrar {

    /** A live registration. */
    interface Registration {
        /** Removes the service; never throws, safe to repeat. */
        void unregister();

        /** Replaces the service properties; never throws, nothing once unregistered. */
        void update(Map<String, Object> properties);
    }

    /**
     * Registers one connection; called without any lock held.
     *
     * @param connection the service object
     * @param properties its service properties
     * @return the registration
     */
    Registration register(PluginConnection connection, Map<String, Object> properties);

    /** Registers through a bundle context. */
    static ConnectionRegistrar of(BundleContext context) {
        return (connection, properties) -> {
            Dictionary<String, Object> dictionary = new Hashtable<>(properties);
            ServiceRegistration<PluginConnection> registration =
                    context.registerService(PluginConnection.class, connection, dictionary);
            return new Registration() {
                @Override
                public void unregister() {
                    try {
                        registration.unregister();
                    } catch (IllegalStateException e) {
                        // already gone, e.g. the bundle is stopping
                        LoggerFactory.getLogger(ConnectionRegistrar.class).trace("registration already removed", e);
                    }
                }

                @Override
                public void update(Map<String, Object> properties) {
                    try {
                        registration.setProperties(new Hashtable<>(properties));
                    } catch (IllegalStateException e) {
                        LoggerFactory.getLogger(ConnectionRegistrar.class).trace("registration already removed", e);
                    } catch (IllegalArgumentException e) {
                        // the service keeps its properties; the configuration's own are checked before this
                        LoggerFactory.getLogger(ConnectionRegistrar.class).warn(
                                "the service properties of a plugin connection could not be updated: {}", e.toString());
                    }
                }
            };
        };
    }
}
