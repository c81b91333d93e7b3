package dev.rpcplugin.container;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The embedded OSGi framework: started with the container's properties, every bundle jar installed,
 * the non-fragments started (some of them on request, later), and stopped with a bounded wait.
 */
final class EmbeddedFelix {

    private final Framework framework;
    private final PrintStream err;
    private final List<Bundle> deferred = new ArrayList<>();

    private EmbeddedFelix(Framework framework, PrintStream err) {
        this.framework = framework;
        this.err = err;
    }

    /** Initialises and starts the framework; installs nothing yet. */
    static EmbeddedFelix start(Map<String, String> properties, PrintStream err) throws LaunchException {
        Iterator<FrameworkFactory> factories = ServiceLoader.load(FrameworkFactory.class).iterator();
        if (!factories.hasNext()) {
            throw new LaunchException("no OSGi framework on the launcher's class path (lib/org.apache.felix.framework.jar)");
        }
        Framework framework = factories.next().newFramework(properties);
        try {
            framework.init();
            framework.start();
        } catch (BundleException | RuntimeException e) {
            throw new LaunchException("the OSGi framework did not start: " + e.getMessage(), e);
        }
        return new EmbeddedFelix(framework, err);
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Installs every jar, then starts each non-fragment bundle except those whose symbolic name is in
     * {@code deferredNames} (see {@link #startDeferred()}). A bundle that fails to install or start is
     * reported and skipped, so that one broken bundle does not take the shell away.
     *
     * @return how many bundles failed
     */
    int installAndStart(List<Path> jars, List<String> deferredNames) {
        int failures = 0;
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try {
                installed.add(context().installBundle(jar.toUri().toString()));
            } catch (BundleException | RuntimeException e) {
                err.println("rpcplugin-container: cannot install " + jar.getFileName() + ": " + e.getMessage());
                failures++;
            }
        }
        for (Bundle bundle : installed) {
            if (isFragment(bundle)) {
                continue;
            }
            if (bundle.getSymbolicName() != null && deferredNames.contains(bundle.getSymbolicName())) {
                deferred.add(bundle);
            } else if (!startReporting(bundle)) {
                failures++;
            }
        }
        return failures;
    }

    /** Whether a bundle with this symbolic name is installed. */
    boolean hasBundle(String symbolicName) {
        for (Bundle bundle : context().getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

    /** Starts the bundles held back by {@link #installAndStart}. */
    void startDeferred() {
        deferred.forEach(this::startReporting);
        deferred.clear();
    }

    private boolean startReporting(Bundle bundle) {
        try {
            bundle.start();
            return true;
        } catch (BundleException | RuntimeException e) {
            err.println("rpcplugin-container: cannot start " + bundle.getSymbolicName() + ": " + e.getMessage());
            return false;
        }
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** Blocks until something (the shell's exit, a shutdown hook) stops the framework. */
    void awaitStopped() throws InterruptedException {
        FrameworkEvent event;
        do {
            event = framework.waitForStop(0);
        } while (event.getType() == FrameworkEvent.STOPPED_UPDATE);
    }

    /**
     * Stops the framework (which deactivates every component, so the runtime tears its plugins down)
     * and waits at most {@code bound}. Safe to call more than once and from a shutdown hook.
     *
     * @return {@code true} if the framework has stopped
     */
    boolean stop(Duration bound) {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(bound.toMillis());
            return event.getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException | RuntimeException e) {
            err.println("rpcplugin-container: error while stopping the framework: " + e.getMessage());
            return (framework.getState() & (Bundle.RESOLVED | Bundle.INSTALLED | Bundle.UNINSTALLED)) != 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
