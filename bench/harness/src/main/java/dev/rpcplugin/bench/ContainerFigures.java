package dev.rpcplugin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container figures: a copy of the built distribution (without its demo configurations) plus the
 * probe bundle, run with {@code --exec "bench:container ..."}; the probe measures from inside the
 * framework and writes its samples to a file read here.
 */
final class ContainerFigures {

    /** The container run: launches, two idle waits of 62 s for the thread counts, the fleet, the kills. */
    private static final Duration LIMIT = Duration.ofMinutes(10);
    /** Launches at the start of the container's warm-up reported as {@code container_launch_fresh}. */
    private static final int FRESH_LAUNCHES = 10;

    private final Layout layout;
    private final Sizes sizes;

    ContainerFigures(Layout layout, Sizes sizes) {
        this.layout = layout;
        this.sizes = sizes;
    }

    /**
     * @param go the Go host: its launches right before and right after the container run are the peer
     * @return the figures, or skipped figures naming what is missing
     */
    List<Figure> measure(GoHost go) throws IOException {
        String missing = missing();
        if (missing != null) {
            return skipped(missing);
        }
        Path work = TempDirs.create();
        try {
            Path home = copyDistribution(work.resolve("container"));
            Path out = work.resolve("probe.txt");
            String command = String.join(" ", "bench:container", layout.goPlugin().toString(),
                    String.valueOf(sizes.containerWarmup()), String.valueOf(sizes.containerLaunches()), String.valueOf(sizes.containerPlugins()),
                    String.valueOf(sizes.containerKills()), out.toString());
            Samples before = go.launches(false, sizes.launchWarmup(), sizes.containerLaunches());
            ChildRun.run(List.of(home.resolve("bin/rpcplugin-container").toString(), "--wait", "0", "--exec",
                    command), Map.of(), work, LIMIT);
            ChildRun.Output probe = new ChildRun.Output(Files.readString(out), "");
            Samples after = go.launches(false, sizes.launchWarmup(), sizes.containerLaunches());
            return figures(probe, Samples.concat(before, after), go.fleet(sizes.containerPlugins()));
        } finally {
            TempDirs.delete(work);
        }
    }

    private List<Figure> figures(ChildRun.Output probe, Samples goLaunch, Samples goFleet) {
        List<Figure> figures = new ArrayList<>();
        Samples registered = Samples.of(probe.values("launch_registered_ms"));
        Samples firstPut = Samples.of(probe.values("launch_first_put_ms"));
        figures.add(new Figure("container_launch", "ms", firstPut, goLaunch, Figure.Target.ratio("<=", 1.0),
                "configuration created -> PluginConnection registered (median " + Figure.number(registered.median())
                        + "ms) -> first Put, Go KV plugin; " + firstPut.spread("ms") + "; peer = Go host launch"
                        + " -> first Put, measured right before and right after the container run, " + goLaunch.spread("ms")));
        List<Double> warmup = probe.values("warmup_first_put_ms");
        if (warmup.isEmpty()) {
            figures.add(Figure.skipped("container_launch_fresh", "ms", null, "no warm-up launches in this run"));
        } else {
            Samples fresh = Samples.of(warmup.subList(0, Math.min(FRESH_LAUNCHES, warmup.size())));
            figures.add(new Figure("container_launch_fresh", "ms", fresh, goLaunch, null,
                    "as container_launch, the first " + fresh.count() + " launches of the fresh container JVM (the"
                            + " start of the warm-up): the launch path runs once per launch, so the JIT compiles it"
                            + " only after many launches; " + fresh.spread("ms")));
        }
        Samples pairConfigured = Samples.of(probe.values("pair_configured_first_put_ms"));
        Samples pairBare = Samples.of(probe.values("pair_bare_client_first_put_ms"));
        figures.add(new Figure("container_launch_vs_client", "ms", pairConfigured, pairBare, null,
                "what the container adds to a launch: configuration created -> first Put (ours) against a bare"
                        + " PluginClient start -> first Put (peer) of the same Go KV plugin in the same container JVM,"
                        + " alternating, after all other container measurements; ours " + pairConfigured.spread("ms")
                        + ", bare " + pairBare.spread("ms")));
        double plugins = probe.values("fleet_plugins").get(0);
        double heap = probe.values("fleet_heap_after_bytes").get(0) - probe.values("fleet_heap_before_bytes").get(0);
        double threads = probe.values("fleet_threads_after").get(0) - probe.values("fleet_threads_before").get(0);
        Samples serving = Samples.of(probe.values("fleet_all_answered_ms"));
        figures.add(new Figure("container_" + (int) plugins + "_plugins_all_serving", "ms", serving, goFleet,
                null, (int) plugins + " Go KV plugin configurations created at once -> every PluginConnection"
                        + " registered (" + Figure.number(probe.values("fleet_all_registered_ms").get(0))
                        + " ms) and each answered a Put (the probe calls them in the order they were created);"
                        + " one sample each; peer = the Go host launching as many at once (a goroutine each) -> every"
                        + " one answered a Put"));
        figures.add(new Figure("container_heap_per_plugin", "MiB", one(heap / plugins / 1048576.0), null,
                Figure.Target.absolute("<=", 1.0, "MiB"), "host heap after full GCs, with "
                        + (int) plugins + " plugins serving minus before, per plugin"));
        figures.add(new Figure("container_threads_per_plugin", "", one(threads / plugins), null,
                Figure.Target.absolute("<=", 1.0, ""), "host JVM threads with " + (int) plugins
                        + " plugins serving minus before (" + probe.values("fleet_threads_before").get(0).intValue()
                        + " -> " + probe.values("fleet_threads_after").get(0).intValue() + "), per plugin; grown: "
                        + probe.text("fleet_thread_growth").replace(",", ", ")));
        double settled = probe.values("fleet_threads_settled").get(0) - probe.values("fleet_threads_before").get(0);
        String idle = Math.round(probe.values("fleet_idle_wait_ms").get(0) / 1000) + " s";
        figures.add(new Figure("container_threads_per_plugin_settled", "", one(settled / plugins), null,
                Figure.Target.absolute("<=", 1.0, ""), "as container_threads_per_plugin, counted again after the"
                        + " plugins served idle for " + idle + " (longer than the keep-alive of the runtime's pool"
                        + " and the client's callback pool; the baseline was also taken " + idle
                        + " after the last launch before) ("
                        + probe.values("fleet_threads_before").get(0).intValue() + " -> "
                        + probe.values("fleet_threads_settled").get(0).intValue() + "); grown: "
                        + probe.text("fleet_thread_growth_settled").replace(",", ", ")));
        Samples kill = Samples.of(probe.values("kill_unregistered_ms"));
        figures.add(new Figure("container_kill_unregistered", "ms", kill, null, Figure.Target.absolute("<=", 50, "ms"),
                "SIGKILL of the plugin process -> PluginConnection unregistered; " + kill.spread("ms")));
        return figures;
    }

    private static Samples one(double value) {
        return Samples.of(List.of(value));
    }

    private String missing() {
        if (!Files.isExecutable(layout.container().resolve("bin/rpcplugin-container"))) {
            return "no container distribution at " + layout.container() + " (mvn install of container/)";
        }
        try (var bundles = Files.list(layout.container().resolve("bundle"))) {
            if (bundles.noneMatch(p -> p.getFileName().toString().startsWith("dev.rpcplugin.runtime-"))) {
                return "the container distribution has no runtime bundle (dev.rpcplugin.runtime)";
            }
        } catch (IOException e) {
            return "cannot list " + layout.container().resolve("bundle") + ": " + e.getMessage();
        }
        if (!Files.isRegularFile(layout.probeBundle())) {
            return "no probe bundle at " + layout.probeBundle() + " (mvn -Pbench install -pl bench/probe)";
        }
        return null;
    }

    private List<Figure> skipped(String why) {
        return List.of(
                Figure.skipped("container_launch", "ms", Figure.Target.ratio("<=", 1.0), why),
                Figure.skipped("container_launch_fresh", "ms", null, why),
                Figure.skipped("container_launch_vs_client", "ms", null, why),
                Figure.skipped("container_" + sizes.containerPlugins() + "_plugins_all_serving", "ms",
                        null, why),
                Figure.skipped("container_heap_per_plugin", "MiB", Figure.Target.absolute("<=", 1.0, "MiB"), why),
                Figure.skipped("container_threads_per_plugin", "", Figure.Target.absolute("<=", 1.0, ""), why),
                Figure.skipped("container_threads_per_plugin_settled", "", Figure.Target.absolute("<=", 1.0, ""),
                        why),
                Figure.skipped("container_kill_unregistered", "ms", Figure.Target.absolute("<=", 50, "ms"), why));
    }

    /** bin, lib, bundle (+ the probe) and the properties of etc; no plugin configurations, no data. */
    private Path copyDistribution(Path home) throws IOException {
        Path source = layout.container();
        for (String dir : List.of("bin", "lib", "bundle")) {
            copyDirectory(source.resolve(dir), home.resolve(dir));
        }
        Files.createDirectories(home.resolve("etc"));
        try (var files = Files.list(source.resolve("etc"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
                Files.copy(f, home.resolve("etc").resolve(f.getFileName()));
            }
        }
        Files.copy(layout.probeBundle(), home.resolve("bundle").resolve(layout.probeBundle().getFileName()));
        return home;
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
