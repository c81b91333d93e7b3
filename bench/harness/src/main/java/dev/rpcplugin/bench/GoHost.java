package dev.rpcplugin.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Go peer: bench/go/bin/gohost, a go-plugin 1.0.1 host launching the same plugin directly. */
final class GoHost {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    private final Path executable;
    private final Path plugin;

    GoHost(Path executable, Path plugin) {
        this.executable = executable;
        this.plugin = plugin;
    }

    /** Milliseconds from host start to the first successful Put, one per measured launch. */
    Samples launches(boolean mtls, int warmup, int count) {
        List<String> command = base(mtls);
        command.addAll(List.of("-warmup-launches", String.valueOf(warmup), "-launches", String.valueOf(count)));
        return Samples.of(ChildRun.run(command, Map.of(), null, LIMIT).values("launch_ms"));
    }

    /** Put+Get pairs per second, one per measured round, after the warm-up (all in one plugin). */
    Samples pairs(int callers, Duration warmup, Duration round, int rounds) {
        List<String> command = base(false);
        command.addAll(List.of("-callers", String.valueOf(callers), "-warmup-seconds", seconds(warmup),
                "-pairs-seconds", seconds(round), "-rounds", String.valueOf(rounds)));
        return Samples.of(ChildRun.run(command, Map.of(), null, LIMIT).values("pairs_per_sec"));
    }

    /** Milliseconds from launching {@code plugins} plugins at once until every one answered a Put. */
    Samples fleet(int plugins) {
        List<String> command = base(false);
        command.addAll(List.of("-fleet", String.valueOf(plugins)));
        return Samples.of(ChildRun.run(command, Map.of(), null, LIMIT).values("fleet_ms"));
    }

    private List<String> base(boolean mtls) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-plugin", plugin.toString(),
                "-env", Kv.MEMORY_ENV + "=1"));
        if (mtls) {
            command.add("-mtls");
        }
        return command;
    }

    private static String seconds(Duration d) {
        return String.valueOf(d.toMillis() / 1000.0);
    }
}
