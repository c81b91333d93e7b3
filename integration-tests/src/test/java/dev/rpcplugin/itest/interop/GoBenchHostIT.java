package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Go benchmark host (go-plugin 1.0.1) launching our Java KV plugin in memory mode a few times:
 * proves the pair works for the benchmark; the figures are printed, never asserted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoBenchHostIT extends InWorkspace {

    private static final int LAUNCHES = 3;

    @ParameterizedTest(name = "mtls={0}")
    @ValueSource(booleans = {false, true})
    void launchesTheJavaPluginAndPuts(boolean mtls) throws Exception {
        Command bench = mtls
                ? Command.of(Peers.go("bench-host"), "-mtls", "-launches", LAUNCHES)
                : Command.of(Peers.go("bench-host"), "-launches", LAUNCHES);
        Command.Result run = bench.env(workspace.environment()).in(workspace.work())
                .env("BENCH_PLUGIN", "KV_PLUGIN_MEMORY=1 exec " + GoHostOutput.quote(Peers.example("kv-plugin")))
                .timeout(Duration.ofSeconds(40)).run();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).as(run.toString()).matches("launch_ms_median=[0-9.]+ launch_ms_min=[0-9.]+"
                + " launch_ms_max=[0-9.]+ launches=" + LAUNCHES + " mtls=" + mtls + "\n");
        System.out.println("bench-host with the Java KV plugin: " + run.stdout().trim());
        // memory mode: nothing written to the working directory
        assertThat(workspace.work()).isEmptyDirectory();
    }
}
