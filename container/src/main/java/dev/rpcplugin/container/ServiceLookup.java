package dev.rpcplugin.container;

import java.time.Duration;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Finds a service by class name. The launcher cannot see the bundles' classes, so it names services
 * by string and calls them by reflection, loading their interfaces through the registering bundle.
 */
final class ServiceLookup {

    private static final long POLL_MILLIS = 50;

    private ServiceLookup() {
    }

    /** A service object together with the bundle that registered it. */
    record Found(Object service, Bundle provider) {

        /** Loads a class as the registering bundle sees it (its own or an imported one). */
        Class<?> load(String className) throws ClassNotFoundException {
            return provider.loadClass(className);
        }
    }

    /** Waits at most {@code bound} for a service registered under {@code className}. */
    static Optional<Found> await(BundleContext context, String className, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            ServiceReference<?> ref = context.getServiceReference(className);
            Object service = ref == null ? null : context.getService(ref);
            if (service != null) {
                return Optional.of(new Found(service, ref.getBundle()));
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
