package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Measures every figure side by side with the Go peers, prints one line per figure and writes the
 * report. Run by {@code bench/run}; arguments:
 * {@code --root DIR} (the project), {@code --out FILE} (default {@code DIR/BENCHMARKS.md}),
 * {@code --quick} (small sample sizes), {@code --only launch,pairs,stream,exec,container},
 * {@code --command TEXT} (the command to name in the report).
 */
public final class BenchMain {

    static final List<String> SECTIONS = List.of("launch", "pairs", "stream", "exec", "container");

    private final Layout layout;
    private final Sizes sizes;
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private final boolean quick;

    private BenchMain(Layout layout, Sizes sizes, boolean quick) {
        this.layout = layout;
        this.sizes = sizes;
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        // the hosts log at WARN, like the Go host (plugin INFO lines are parsed and dropped)
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.bootstrap", "error");
        Options options = Options.parse(args);
        Sizes sizes = options.quick() ? Sizes.quick() : Sizes.full();
        Layout layout = Layout.of(options.root());
        Machine machine = Machine.describe(layout.goHost());
        String loadBefore = Machine.loadAverage();
        System.out.println("bench: " + machine.summary() + ", " + Machine.priority());
        long started = System.nanoTime();
        BenchMain bench = new BenchMain(layout, sizes, options.quick());
        bench.run(options.only());
        double seconds = (System.nanoTime() - started) / 1e9;
        bench.figures.stream().filter(f -> !f.measured())
                .forEach(f -> bench.failures.add("figure " + f.name() + " was not measured: " + f.note()));
        // an incomplete run must not replace the last complete report
        Path out = bench.failures.isEmpty() ? options.out() : Files.createTempFile("rpcplugin-bench-", ".md");
        Report.write(out, new Report.Run(options.command(), ZonedDateTime.now(), machine, Machine.revision(options.root()),
                loadBefore, Machine.loadAverage(), seconds, sizes, options.quick(), Machine.priority()), bench.figures,
                bench.sections, options.root().resolve("bench/limits.md"));
        if (!bench.failures.isEmpty()) {
            System.out.printf("bench: INCOMPLETE, measured in %.0f s; %s was left as it was and this run's report"
                    + " written to %s:%n", seconds, options.out(), out);
            bench.failures.forEach(f -> System.out.println("bench:   " + f));
            System.exit(1);
        }
        System.out.printf("bench: measured in %.0f s; report written to %s%n", seconds, out);
    }

    private void run(Set<String> only) {
        try (PluginHost host = PluginHost.builder().channelExecutor(Runnable::run).build()) {
            GoHost go = new GoHost(layout.goHost(), layout.goPlugin());
            Diagnostics diagnostics = new Diagnostics(host, go, layout, sizes);
            section("warm-up", () -> {
                JvmWarmup.run(host, layout.goPlugin(), quick);
                return List.of();
            });
            if (only.contains("launch")) {
                section("launch", () -> {
                    LaunchFigures launch = new LaunchFigures(host, layout.goHost(), layout.goPlugin(), sizes);
                    List<Figure> measured = launch.measure();
                    try (PluginHost plain = PluginHost.builder().channelExecutor(Runnable::run)
                            .killPluginsWithHost(false).build()) {
                        diagnostic("launch profile", () -> new LaunchProfile(host, plain, layout.goPlugin(), sizes)
                                .measure());
                    }
                    diagnostic("crypto", diagnostics::crypto);
                    return measured;
                });
            }
            if (only.contains("pairs")) {
                section("pairs", () -> {
                    List<Figure> measured = new PairsFigures(host, go, layout, sizes, Pairs.Mode.ASYNC).measure();
                    diagnostic("stderr cost", diagnostics::stderrCost);
                    return measured;
                });
            }
            if (only.contains("stream")) {
                section("stream", () -> new StreamFigures(host, streamingPlugin(), sizes).measure());
            }
            if (only.contains("exec")) {
                section("exec", () -> new ExecFigures(layout, sizes).measure());
            }
            if (only.contains("container")) {
                section("container", () -> new ContainerFigures(layout, sizes).measure(go));
            }
        }
    }

    private StreamingPlugin streamingPlugin() {
        if (!Files.isExecutable(layout.streamingPlugin())) {
            throw new IllegalStateException("no streaming plugin launcher at " + layout.streamingPlugin()
                    + " (mvn install of examples/streaming-plugin)");
        }
        return new StreamingPlugin(layout.streamingPlugin(), "DATA_PROCESSOR", "stream", 1);
    }

    @FunctionalInterface
    private interface Section {
        List<Figure> measure() throws Exception;
    }

    @FunctionalInterface
    private interface Diagnostic {
        String measure() throws Exception;
    }

    /** Adds a section of the report; if it fails, the report says so and the figures measured stay. */
    private void diagnostic(String name, Diagnostic diagnostic) {
        try {
            sections.add(diagnostic.measure());
        } catch (Exception | Error e) {
            String why = "diagnostic " + name + " failed: " + e;
            System.out.println("bench: " + why);
            e.printStackTrace(System.out);
            failures.add(why);
            sections.add("## " + name + "\n\nNot measured: " + why);
        }
    }

    /** Runs one section; if it fails, says so on a SKIP line instead of stopping the other sections. */
    private void section(String name, Section section) {
        long t0 = System.nanoTime();
        List<Figure> measured;
        try {
            measured = section.measure();
        } catch (Exception | Error e) {
            String why = "section " + name + " failed: " + e;
            System.out.println("bench: " + why);
            e.printStackTrace(System.out);
            measured = List.of(Figure.skipped(name, "", null, why));
        }
        for (Figure f : measured) {
            System.out.println(f.line());
            figures.add(f);
        }
        System.out.printf("bench: section %s took %.0f s, load %s%n", name, (System.nanoTime() - t0) / 1e9,
                Machine.loadAverage());
        System.out.flush();
    }
}
