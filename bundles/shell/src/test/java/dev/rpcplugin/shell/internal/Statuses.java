package dev.rpcplugin.shell.internal;

import java.time.Instant;

import dev.rpcplugin.api.PluginState;
import dev.rpcplugin.api.PluginStatusDTO;

/** Plugin snapshots for the tests. */
final class Statuses {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private Statuses() {
    }

    /** A plugin that has been serving for 3m12s. */
    static PluginStatusDTO serving(String name) {
        PluginStatusDTO status = new PluginStatusDTO();
        status.name = name;
        status.configuration = "dev.rpcplugin.plugin~" + name;
        status.state = PluginState.SERVING;
        status.command = new String[] {"/opt/plugins/" + name, "--level", "debug"};
        status.pid = 4242;
        status.instanceId = name + "-incarnation-1";
        status.protocolVersion = 1;
        status.network = "unix";
        status.tls = true;
        status.services = new String[] {"proto.KV", "proto.Counter"};
        status.restarts = 2;
        status.servingSince = NOW.minusSeconds(192).toEpochMilli();
        return status;
    }

    /** A plugin waiting 4 s for its next restart after a failure. */
    static PluginStatusDTO backingOff(String name) {
        PluginStatusDTO status = new PluginStatusDTO();
        status.name = name;
        status.state = PluginState.BACKING_OFF;
        status.command = new String[] {"/opt/plugins/" + name};
        status.services = new String[] {"proto.KV"};
        status.restarts = 5;
        status.nextAttempt = NOW.plusSeconds(4).toEpochMilli();
        status.lastFailure = "process exited with code 1";
        return status;
    }
}
