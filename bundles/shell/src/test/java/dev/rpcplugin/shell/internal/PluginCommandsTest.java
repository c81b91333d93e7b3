package dev.rpcplugin.shell.internal;

import static dev.rpcplugin.shell.internal.Statuses.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginCommandsTest {

    private final FakeAdmin admin = new FakeAdmin().with(Statuses.serving("kv")).with(Statuses.backingOff("stream"));
    private final Printed printed = new Printed();
    private final PluginCommands commands = new PluginCommands(Clock.fixed(NOW, ZoneOffset.UTC), () -> printed.stream);

    PluginCommandsTest() {
        commands.admin = admin;
    }

    @Test
    void everyCommandSaysSoWhenTheRuntimeIsNotRunning() {
        commands.admin = null;

        List<Executable> all = List.of(commands::list, () -> commands.info("kv"), () -> commands.start("kv"),
                () -> commands.stop("kv"), () -> commands.restart("kv"), () -> commands.logs(50, "kv"),
                () -> commands.services("kv"));
        assertThat(all).allSatisfy(command -> assertThatThrownBy(command::execute)
                .isInstanceOf(CommandException.class)
                .hasMessage("rpcplugin runtime is not running (no PluginAdmin service)"));
    }

    @Test
    void everyCommandNamesAnUnknownPlugin() {
        List<Executable> all = List.of(() -> commands.info("nope"), () -> commands.start("nope"),
                () -> commands.stop("nope"), () -> commands.restart("nope"), () -> commands.logs(50, "nope"),
                () -> commands.services("nope"));
        assertThat(all).allSatisfy(command -> assertThatThrownBy(command::execute)
                .isInstanceOf(CommandException.class)
                .hasMessage("no plugin named \"nope\""));
        assertThat(admin.requests).isEmpty();
        assertThat(printed.take()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void aBlankNameIsRejected(String name) {
        assertThatThrownBy(() -> commands.info(name))
                .isInstanceOf(CommandException.class)
                .hasMessage("a plugin name is required");
    }

    @Test
    void listShowsTheTable() {
        commands.list();
        assertThat(printed.take())
                .startsWith("NAME    STATE")
                .contains("kv      SERVING      4242")
                .endsWith("5         -");
    }

    @Test
    void listSaysSoWhenNothingIsConfigured() {
        commands.admin = new FakeAdmin();

        commands.list();
        assertThat(printed.take()).isEqualTo("no plugins configured");
    }

    @Test
    void infoShowsTheStatus() {
        commands.info("stream");
        assertThat(printed.take()).contains("state:            BACKING_OFF\n")
                .contains("(in 4s)").contains("process exited with code 1");
    }

    @Test
    void startStopAndRestartAskTheRuntime() {
        commands.start("stream");
        assertThat(printed.take())
                .isEqualTo("start requested for plugin \"stream\" (was BACKING_OFF); see plugin:info stream");
        commands.stop("kv");
        assertThat(printed.take()).isEqualTo("stop requested for plugin \"kv\" (was SERVING); see plugin:info kv");
        commands.restart("kv");
        assertThat(printed.take()).startsWith("restart requested for plugin \"kv\"");

        assertThat(admin.requests).containsExactly("start stream", "stop kv", "restart kv");
    }

    @Test
    void logsShowsTheMostRecentLinesOldestFirst() {
        admin.logs.put("kv", List.of("one", "two", "three"));

        commands.logs(2, "kv");
        assertThat(printed.take()).isEqualTo("two\nthree");
        commands.logs(50, "kv");
        assertThat(printed.take()).isEqualTo("one\ntwo\nthree");
        assertThat(admin.requests).containsExactly("recentLog 2 kv", "recentLog 50 kv");
    }

    @Test
    void logsSaysSoWhenThePluginWroteNothing() {
        commands.logs(50, "kv");
        assertThat(printed.take())
                .isEqualTo("plugin \"kv\" has no lines kept (none written yet, or log.lines is 0)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3})
    void logsNeedsAtLeastOneLine(int lines) {
        assertThatThrownBy(() -> commands.logs(lines, "kv"))
                .isInstanceOf(CommandException.class)
                .hasMessage("-n must be at least 1, got " + lines);
        assertThat(admin.requests).isEmpty();
    }

    @Test
    void servicesShowsOnlyThatPluginsRegistrations() {
        commands.connections = List.of(ConnectionListingTest.registration("kv", 42L, 0),
                ConnectionListingTest.registration("stream", 43L, 0));

        commands.services("kv");
        assertThat(printed.take())
                .startsWith("plugin \"kv\": 1 PluginConnection service\nservice.id 42\n")
                .doesNotContain("stream");
        commands.services("stream");
        assertThat(printed.take()).contains("plugin.name:        stream");
    }

    @Test
    void servicesSaysSoWhenNothingIsRegistered() {
        commands.services("stream");
        assertThat(printed.take())
                .isEqualTo("plugin \"stream\" has no registered PluginConnection service (state BACKING_OFF)");
    }
}
