package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginDescription;
import dev.rpcplugin.api.PluginState;
import dev.rpcplugin.api.PluginStatusDTO;
import java.util.List;

/**
 * What the admin shows of one plugin, immutable; the supervisor publishes a new one on every change.
 *
 * @param name the plugin name (or the configuration's, when the configuration is invalid)
 * @param state the state
 * @param command the configured argv, empty when invalid
 * @param services expected or served services
 * @param running the running incarnation's description, or null
 * @param startingPid the process of a start under way (from HANDSHAKING on) when none runs, else -1
 * @param restarts restarts since the configuration was activated
 * @param nextAttempt epoch millis of the next start while backing off, else 0
 * @param lastFailure the last failure's cause, or null
 * @param lastFailureTime epoch millis of the last failure, or 0
 * @param outdated whether the running incarnation was started with an earlier configuration
 */
record StatusSnapshot(String name, PluginState state, List<String> command, List<String> services,
        PluginDescription running, long startingPid, int restarts, long nextAttempt, String lastFailure,
        long lastFailureTime, boolean outdated) {

    PluginStatusDTO toDto() {
        PluginStatusDTO dto = new PluginStatusDTO();
        dto.name = name;
        dto.state = state;
        dto.command = command.toArray(new String[0]);
        dto.services = (running != null ? running.services() : services).toArray(new String[0]);
        dto.restarts = restarts;
        dto.nextAttempt = nextAttempt;
        dto.lastFailure = lastFailure;
        dto.lastFailureTime = lastFailureTime;
        dto.outdated = outdated;
        if (running != null) {
            dto.pid = running.pid();
            dto.instanceId = running.instanceId();
            dto.protocolVersion = running.protocolVersion();
            dto.network = running.network();
            dto.tls = running.tls();
            dto.servingSince = running.startTime().toEpochMilli();
        } else {
            dto.pid = startingPid;
        }
        return dto;
    }
}
