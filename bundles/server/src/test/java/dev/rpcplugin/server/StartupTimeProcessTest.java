package dev.rpcplugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Prints how long the test plugin takes from exec to its handshake line (a few launches; run
 * {@link StartupBench} for more). Asserts only that every launch printed a valid line: timing
 * depends on the machine. Runs alone, so that other test classes do not skew the figures.
 */
@Isolated
class StartupTimeProcessTest {

    @Test
    void printsExecToHandshakeTimes() throws Exception {
        List<StartupBench.Launch> launches = StartupBench.run(Integer.getInteger("startup.launches", 3),
                PluginProcess.hostEnvironment());
        System.out.println(StartupBench.summary(launches));
        assertThat(launches).allSatisfy(launch ->
                assertThat(launch.line()).matches("1\\|1\\|unix\\|/.+/plugin\\d+\\|grpc\\|"));
    }
}
