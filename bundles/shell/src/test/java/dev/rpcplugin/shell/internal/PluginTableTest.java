package dev.rpcplugin.shell.internal;

import static dev.rpcplugin.shell.internal.Statuses.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rpcplugin.api.PluginStatusDTO;

class PluginTableTest {

    @Test
    void saysSoWhenNoPluginIsConfigured() {
        assertThat(PluginTable.render(List.of(), NOW)).isEqualTo("no plugins configured");
    }

    @Test
    void showsOneAlignedRowPerPlugin() {
        String table = PluginTable.render(List.of(Statuses.serving("kv"), Statuses.backingOff("streaming")), NOW);

        assertThat(table).isEqualTo(
                "NAME       STATE        PID   VERSION  NETWORK  TLS  SERVICES                RESTARTS  UPTIME\n"
                        + "kv         SERVING      4242  1        unix     yes  proto.KV,proto.Counter  2         3m12s\n"
                        + "streaming  BACKING_OFF  -     -        -        -    proto.KV                5         -");
    }

    @Test
    void everyColumnStartsAtTheSamePlaceInEveryLine() {
        PluginStatusDTO longName = Statuses.serving("a-plugin-with-a-rather-long-name");
        longName.pid = 1234567;
        List<String> lines = PluginTable.render(List.of(Statuses.serving("kv"), longName), NOW).lines().toList();

        int stateColumn = lines.get(0).indexOf("STATE");
        int uptimeColumn = lines.get(0).indexOf("UPTIME");
        assertThat(lines).hasSize(3).allSatisfy(line -> {
            assertThat(line.charAt(stateColumn - 1)).isEqualTo(' ');
            assertThat(line.charAt(stateColumn)).isNotEqualTo(' ');
            assertThat(line.substring(uptimeColumn)).matches("UPTIME|3m12s");
        });
    }

    @Test
    void headersNameEveryColumnOfTheIssue() {
        assertThat(PluginTable.render(List.of(Statuses.serving("kv")), NOW).lines().findFirst().orElseThrow())
                .isEqualTo("NAME  STATE    PID   VERSION  NETWORK  TLS  SERVICES                RESTARTS  UPTIME");
    }

    @Test
    void aServingPluginWithoutAStartTimeHasNoUptime() {
        PluginStatusDTO status = Statuses.serving("kv");
        status.servingSince = 0;

        assertThat(PluginTable.render(List.of(status), NOW)).endsWith("  2         -");
    }

    @Test
    void aPluginWithNothingKnownYetStillGetsARow() {
        PluginStatusDTO status = new PluginStatusDTO();
        status.name = "fresh";

        assertThat(PluginTable.render(List.of(status), NOW).lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("fresh  -      -    -        -        -    -         0         -");
    }
}
