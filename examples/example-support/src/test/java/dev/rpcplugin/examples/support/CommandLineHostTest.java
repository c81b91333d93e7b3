package dev.rpcplugin.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks a host makes before it starts anything; running plugins is tested through the scripts. */
class CommandLineHostTest {

    private static final Map<String, String> WITH_PLUGIN = Map.of("DEMO_PLUGIN", "/bin/false");

    private final CommandLineHost host = CommandLineHost.builder("demo-host")
            .usage("usage: demo-host put KEY N | ping")
            .environment("DEMO_PLUGIN", "DEMO_MTLS", "DEMO_LOG_LEVEL")
            .handshake("DEMO", "cookie", 1)
            .command("put", 2, new HostCommand() {
                @Override
                public void check(List<String> arguments) {
                    if (!arguments.get(1).matches("-?[0-9]+")) {
                        throw new IllegalArgumentException("put: N must be a number, got \"" + arguments.get(1) + "\"");
                    }
                }

                @Override
                public void run(HostSession session, List<String> arguments) {
                    throw new AssertionError("must not run");
                }
            })
            .build();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        return host.run(List.of(args), environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noCommandPrintsTheUsage() {
        assertThat(run(WITH_PLUGIN)).isEqualTo(1);
        assertThat(stderr()).isEqualTo("demo-host: usage: demo-host put KEY N | ping\n");
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertThat(run(WITH_PLUGIN, "delete", "k")).isEqualTo(1);
        assertThat(stderr()).isEqualTo("demo-host: unknown command \"delete\"; usage: demo-host put KEY N | ping\n");
    }

    @Test
    void theArgumentCountIsChecked() {
        assertThat(run(WITH_PLUGIN, "ping", "extra")).isEqualTo(1);
        assertThat(stderr()).startsWith("demo-host: ping takes 0 argument(s), got 1; usage:");
    }

    @Test
    void aCommandChecksItsArgumentsBeforeAnythingStarts() {
        assertThat(run(WITH_PLUGIN, "put", "k", "many")).isEqualTo(1);
        assertThat(stderr()).isEqualTo("demo-host: put: N must be a number, got \"many\"\n");
    }

    @Test
    void thePluginCommandMustBeSet() {
        assertThat(run(Map.of("DEMO_PLUGIN", "  "), "ping")).isEqualTo(1);
        assertThat(stderr()).isEqualTo(
                "demo-host: environment variable DEMO_PLUGIN must hold the plugin command (run through sh -c)\n");
    }

    @Test
    void theLogLevelMustBeKnown() {
        assertThat(run(Map.of("DEMO_PLUGIN", "/bin/false", "DEMO_LOG_LEVEL", "chatty"), "ping")).isEqualTo(1);
        assertThat(stderr()).isEqualTo("demo-host: DEMO_LOG_LEVEL=\"chatty\" is not a log level"
                + " (trace, debug, info, warn, error, off)\n");
        assertThat(out.size()).isZero();
    }

    @Test
    void aHostNeedsUsageEnvironmentAndHandshake() {
        assertThatThrownBy(() -> CommandLineHost.builder("x").usage("u").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CommandLineHost.builder("x").command("ping", 0, (s, a) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("command ping is already defined");
    }
}
