package dev.rpcplugin.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** Proves the OSGi packaging: every bundle and its runtime dependencies resolve and start in Felix. */
class BundlesInFelixIT {

    private static final List<String> PROJECT_BUNDLES = List.of(
            "dev.rpcplugin.grpc.runtime",
            "dev.rpcplugin.handshake",
            "dev.rpcplugin.security",
            "dev.rpcplugin.transport",
            "dev.rpcplugin.protocol");

    private static RunningFelix felix;

    @BeforeAll
    static void startFelix() throws Exception {
        Path work = Path.of(System.getProperty("itest.work")).resolve("bundles-in-felix");
        Files.createDirectories(work);
        felix = RunningFelix.start(Path.of(System.getProperty("itest.bundles")), work);
    }

    @AfterAll
    static void stopFelix() {
        if (felix != null) {
            felix.close();
        }
    }

    @Test
    void everyBundleResolvesAndStarts() {
        for (Bundle bundle : felix.installedBundles()) {
            int expected = RunningFelix.isFragment(bundle) ? Bundle.RESOLVED : Bundle.ACTIVE;
            assertThat(bundle.getState())
                    .as("state of %s %s", bundle.getSymbolicName(), bundle.getVersion())
                    .isEqualTo(expected);
        }
    }

    @Test
    void everyProjectBundleIsInstalled() {
        assertThat(bySymbolicName().keySet()).containsAll(PROJECT_BUNDLES);
    }

    @Test
    void grpcPackagesComeFromTheRuntimeBundleOnly() {
        Map<String, Bundle> bundles = bySymbolicName();
        for (String name : List.of("dev.rpcplugin.security", "dev.rpcplugin.transport", "dev.rpcplugin.protocol")) {
            List<BundleWire> grpcWires = bundles.get(name).adapt(BundleWiring.class)
                    .getRequiredWires("osgi.wiring.package").stream()
                    .filter(w -> String.valueOf(w.getCapability().getAttributes().get("osgi.wiring.package"))
                            .startsWith("io.grpc"))
                    .toList();
            assertThat(grpcWires).as("io.grpc imports of %s", name).isNotEmpty();
            assertThat(grpcWires).allSatisfy(w -> assertThat(w.getProvider().getSymbolicName())
                    .isEqualTo("dev.rpcplugin.grpc.runtime"));
        }
    }

    private static Map<String, Bundle> bySymbolicName() {
        return felix.installedBundles().stream()
                .collect(Collectors.toMap(Bundle::getSymbolicName, Function.identity(), (a, b) -> a));
    }
}
