package dev.rpcplugin.shell.internal;

import static dev.rpcplugin.shell.internal.Statuses.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands as Gogo's own runtime calls them: argument conversion, options, output through the
 * session's stream and error reporting.
 */
class GogoCommandsTest {

    static final List<String> FUNCTIONS = List.of("list", "info", "start", "stop", "restart", "logs", "services");

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final FakeAdmin admin = new FakeAdmin().with(Statuses.serving("kv")).with(Statuses.serving("42"));
    // prints to System.out as in the framework: Gogo's ThreadIO routes it to the session
    private final PluginCommands commands = new PluginCommands(Clock.fixed(NOW, ZoneOffset.UTC), () -> System.out);
    private CommandProcessorImpl processor;

    @BeforeEach
    void startGogo() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        FUNCTIONS.forEach(function -> processor.addCommand("plugin", commands, function));
        commands.admin = admin;
        admin.logs.put("kv", List.of("l1", "l2", "l3", "l4"));
    }

    @AfterEach
    void stopGogo() {
        processor.stop();
        threadIO.stop();
    }

    /** @return what the command printed on the session's output, without the final line break */
    private String run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSessionImpl session = processor.createSession(new ByteArrayInputStream(new byte[0]), out,
                new ByteArrayOutputStream())) {
            assertThat(session.execute(line)).isNull();
        }
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    @Test
    void logsTakesItsLineCountAsAnOptionBeforeOrAfterTheName() throws Exception {
        assertThat(run("plugin:logs -n 2 kv")).isEqualTo("l3\nl4");
        assertThat(run("plugin:logs kv -n 3")).isEqualTo("l2\nl3\nl4");
        assertThat(run("plugin:logs --lines 1 kv")).isEqualTo("l4");
    }

    @Test
    void logsAsksForFiftyLinesByDefault() throws Exception {
        assertThat(run("plugin:logs kv")).isEqualTo("l1\nl2\nl3\nl4");
        assertThat(admin.requests).containsExactly("recentLog 50 kv");
    }

    @Test
    void everyCommandPrintsItsUsageForHelpEvenWithoutTheRuntime() throws Exception {
        commands.admin = null;
        assertThat(run("plugin:info --help")).isEqualTo("usage: plugin:info NAME\n"
                + "  shows the full status of one plugin, with its last failure and next restart attempt");
        assertThat(run("plugin:list --help")).startsWith("usage: plugin:list\n  lists the configured plugins");
        assertThat(run("plugin:logs --help")).startsWith("usage: plugin:logs [-n LINES] NAME\n  shows the most");
        for (String function : FUNCTIONS) {
            assertThat(run("plugin:" + function + " --help")).startsWith("usage: plugin:" + function);
        }
        assertThat(admin.requests).isEmpty();
    }

    @Test
    void aMissingOrExtraArgumentSaysHowTheCommandIsUsed() {
        for (String function : List.of("info", "start", "stop", "restart", "logs", "services")) {
            assertThatThrownBy(() -> run("plugin:" + function)).hasMessageEndingWith("plugin:" + function
                    + " needs a plugin name; usage: " + (function.equals("logs") ? "plugin:logs [-n LINES] NAME"
                            : "plugin:" + function + " NAME"));
        }
        assertThatThrownBy(() -> run("plugin:list kv"))
                .hasMessageEndingWith("plugin:list takes no arguments; usage: plugin:list");
        assertThat(admin.requests).isEmpty();
    }

    @Test
    void aNumericPluginNameIsPassedAsTyped() throws Exception {
        assertThat(run("plugin:info 42")).startsWith("name:             42\n");
    }

    @Test
    void commandsRunUnscopedToo() throws Exception {
        assertThat(run("services kv"))
                .isEqualTo("plugin \"kv\" has no registered PluginConnection service (state SERVING)");
    }

    @Test
    void listAndControlCommandsRun() throws Exception {
        assertThat(run("plugin:list")).startsWith("NAME  STATE    PID");
        assertThat(run("plugin:restart kv")).startsWith("restart requested for plugin \"kv\"");
        assertThat(admin.requests).containsExactly("restart kv");
    }

    @Test
    void errorsReachTheShellWithTheirMessage() {
        assertThatThrownBy(() -> run("plugin:start nope"))
                .isInstanceOf(CommandException.class).hasMessage("no plugin named \"nope\"");
        commands.admin = null;
        assertThatThrownBy(() -> run("plugin:list"))
                .isInstanceOf(CommandException.class).hasMessageContaining("rpcplugin runtime is not running");
    }
    @Test
    void extraOrMalformedArgumentsAreAnsweredWithTheUsageNotWithGogosCoercionText() {
        assertThatThrownBy(() -> run("plugin:info kv extra")).isInstanceOf(CommandException.class)
                .hasMessage("plugin:info takes one plugin name, got kv extra; usage: plugin:info NAME");
        for (String function : List.of("start", "stop", "restart", "services")) {
            assertThatThrownBy(() -> run("plugin:" + function + " a b c")).isInstanceOf(CommandException.class)
                    .hasMessage("plugin:" + function + " takes one plugin name, got a b c; usage: plugin:" + function
                            + " NAME");
        }
        assertThatThrownBy(() -> run("plugin:list kv extra")).isInstanceOf(CommandException.class)
                .hasMessage("plugin:list takes no arguments, got kv extra; usage: plugin:list");
        assertThatThrownBy(() -> run("plugin:logs kv extra")).isInstanceOf(CommandException.class)
                .hasMessage("plugin:logs takes one plugin name, got kv extra; usage: plugin:logs [-n LINES] NAME");
        assertThatThrownBy(() -> run("plugin:logs -n abc kv")).isInstanceOf(CommandException.class)
                .hasMessage("plugin:logs -n needs a number of lines, got abc; usage: plugin:logs [-n LINES] NAME");
        assertThatThrownBy(() -> run("plugin:logs -n 99999999999 kv extra")).isInstanceOf(CommandException.class)
                .hasMessage("plugin:logs -n needs a number of lines, got 99999999999; usage: plugin:logs [-n LINES] NAME");
        assertThatThrownBy(() -> run("plugin:logs -n 2")).isInstanceOf(CommandException.class)
                .hasMessage("plugin:logs needs a plugin name; usage: plugin:logs [-n LINES] NAME");
        assertThatThrownBy(() -> run("plugin:logs kv --lines")).isInstanceOf(CommandException.class)
                .hasMessage("plugin:logs --lines needs a number of lines, got nothing; usage: plugin:logs [-n LINES] NAME");
        assertThat(admin.requests).isEmpty();
    }

    @Test
    void karafLogsTheFailuresOfTheseCommandsAsAUsersMistakeByTheExceptionsSimpleName() {
        // Karaf's ShellUtil logs an exception at DEBUG only if its simple name is CommandException
        assertThat(CommandException.class.getSimpleName()).isEqualTo("CommandException");
        assertThatThrownBy(() -> run("plugin:info nope")).isExactlyInstanceOf(CommandException.class);
    }
}
