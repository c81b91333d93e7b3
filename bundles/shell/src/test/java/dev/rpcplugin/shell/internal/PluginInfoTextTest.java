package dev.rpcplugin.shell.internal;

import static dev.rpcplugin.shell.internal.Statuses.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.rpcplugin.api.PluginState;
import dev.rpcplugin.api.PluginStatusDTO;

class PluginInfoTextTest {

    @Test
    void showsEveryFieldOfAServingPlugin() {
        assertThat(PluginInfoText.render(Statuses.serving("kv"), NOW)).isEqualTo(
                "name:             kv\n"
                        + "configuration:    dev.rpcplugin.plugin~kv\n"
                        + "state:            SERVING\n"
                        + "command:          /opt/plugins/kv --level debug\n"
                        + "pid:              4242\n"
                        + "instance id:      kv-incarnation-1\n"
                        + "protocol version: 1\n"
                        + "network:          unix\n"
                        + "tls:              yes\n"
                        + "services:         proto.KV,proto.Counter\n"
                        + "restarts:         2\n"
                        + "serving since:    2026-11-24T09:56:48Z (up 3m12s)\n"
                        + "next attempt:     -\n"
                        + "last failure:     -");
    }

    @Test
    void showsTheLastFailureAndWhenTheNextAttemptIsDue() {
        String info = PluginInfoText.render(Statuses.backingOff("kv"), NOW);

        assertThat(info)
                .contains("state:            BACKING_OFF\n")
                .contains("next attempt:     2026-11-24T10:00:04Z (in 4s)\n")
                .endsWith("last failure:     process exited with code 1");
    }

    @Test
    void aPluginServingAgainShowsWhenItLastFailed() {
        PluginStatusDTO status = Statuses.serving("kv");
        status.lastFailure = "the process exited (exit status 137 (signal 9, SIGKILL))";
        status.lastFailureTime = NOW.minusSeconds(200).toEpochMilli();

        assertThat(PluginInfoText.render(status, NOW)).contains("state:            SERVING\n")
                .endsWith("last failure:     2026-11-24T09:56:40Z (3m20s ago): the process exited (exit status 137"
                        + " (signal 9, SIGKILL))");
    }

    @Test
    void aReplacementStartingIsShownBesideTheServingPid() {
        PluginStatusDTO status = Statuses.serving("kv");
        status.replacementPid = 5151;

        assertThat(PluginInfoText.render(status, NOW)).contains("pid:              4242\n"
                + "replacement pid:  5151 (starting)\n");
    }

    @Test
    void anEarlierConfigurationServingIsOutdated() {
        PluginStatusDTO status = Statuses.serving("kv");
        status.outdated = true;

        assertThat(PluginInfoText.render(status, NOW)).contains("state:            SERVING (outdated)\n");
    }

    @Test
    void aNextAttemptInThePastIsDue() {
        PluginStatusDTO status = Statuses.backingOff("kv");
        status.nextAttempt = NOW.minusMillis(1).toEpochMilli();

        assertThat(PluginInfoText.render(status, NOW)).contains("next attempt:     2026-11-24T09:59:59.999Z (due)\n");
    }

    @Test
    void aMultiLineFailureStaysOnOneLine() {
        PluginStatusDTO status = Statuses.backingOff("kv");
        status.state = PluginState.FAILED;
        status.lastFailure = "handshake failed\n  caused by: unexpected line \"hello\"\n";

        assertThat(PluginInfoText.render(status, NOW))
                .endsWith("last failure:     handshake failed | caused by: unexpected line \"hello\"");
    }

    @Test
    void quotesArgumentsThatWouldNotSurviveASplitOnBlanks() {
        PluginStatusDTO status = Statuses.serving("kv");
        status.command = new String[] {"/opt/my plugins/kv", "", "say \"hi\""};

        assertThat(PluginInfoText.render(status, NOW))
                .contains("command:          \"/opt/my plugins/kv\" \"\" \"say \\\"hi\\\"\"\n");
    }

    @Test
    void aStoppedPluginKeepsItsLastStartTimeWithoutUptime() {
        PluginStatusDTO status = Statuses.serving("kv");
        status.state = PluginState.STOPPED;

        assertThat(PluginInfoText.render(status, NOW)).contains("serving since:    2026-11-24T09:56:48Z\n");
    }

    @Test
    void anEmptySnapshotShowsDashes() {
        PluginStatusDTO status = new PluginStatusDTO();
        status.name = "fresh";

        assertThat(PluginInfoText.render(status, NOW).lines())
                .hasSize(14)
                .filteredOn(line -> !line.startsWith("name:") && !line.startsWith("restarts:"))
                .allSatisfy(line -> assertThat(line).endsWith(" -"));
    }
}
