package dev.rpcplugin.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** A real Apache Felix framework with every jar of a directory installed and started. */
final class RunningFelix implements AutoCloseable {

    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final Framework framework;
    private final List<Bundle> installed;

    private RunningFelix(Framework framework, List<Bundle> installed) {
        this.framework = framework;
        this.installed = installed;
    }

    /** Starts Felix with a fresh cache under {@code work}, installs and starts every jar in {@code bundles}. */
    static RunningFelix start(Path bundles, Path work) throws IOException, BundleException {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.init();
        framework.start();
        List<Bundle> installed = new ArrayList<>();
        try {
            for (Path jar : jarsIn(bundles)) {
                installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
            }
            for (Bundle bundle : installed) {
                if (!isFragment(bundle)) {
                    bundle.start();
                }
            }
        } catch (BundleException | RuntimeException e) {
            stop(framework);
            throw e;
        }
        return new RunningFelix(framework, installed);
    }

    Framework framework() {
        return framework;
    }

    List<Bundle> installedBundles() {
        return List.copyOf(installed);
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    private static List<Path> jarsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IOException("no bundles in " + dir);
            }
            return jars;
        }
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MILLIS);
        } catch (BundleException e) {
            throw new IllegalStateException("Felix did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(framework);
    }
}
