package dev.rpcplugin.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rpcplugin.api.PluginStatusDTO;

/** The {@code plugin:info} text: every field of a {@link PluginStatusDTO}, one aligned line each. */
final class PluginInfoText {

    private PluginInfoText() {
    }

    /**
     * Renders the status of one plugin.
     *
     * @param status the plugin's snapshot
     * @param now the current time, for uptime and the time to the next attempt
     * @return one {@code label: value} line per field
     */
    static String render(PluginStatusDTO status, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", status.name == null ? StatusText.NONE : status.name);
        fields.put("configuration", status.configuration == null ? StatusText.NONE : status.configuration);
        fields.put("state", StatusText.state(status));
        fields.put("command", StatusText.command(status));
        fields.put("pid", StatusText.pid(status));
        if (status.replacementPid > 0) {
            fields.put("replacement pid", status.replacementPid + " (starting)");
        }
        fields.put("instance id", status.instanceId == null ? StatusText.NONE : status.instanceId);
        fields.put("protocol version", StatusText.protocolVersion(status));
        fields.put("network", StatusText.network(status));
        fields.put("tls", StatusText.tls(status));
        fields.put("services", StatusText.services(status));
        fields.put("restarts", Integer.toString(status.restarts));
        fields.put("serving since", servingSince(status, now));
        fields.put("next attempt", nextAttempt(status, now));
        fields.put("last failure", lastFailure(status, now));
        return KeyValueText.render(fields);
    }

    private static String servingSince(PluginStatusDTO status, Instant now) {
        if (status.servingSince <= 0) {
            return StatusText.NONE;
        }
        String since = Instant.ofEpochMilli(status.servingSince).toString();
        String uptime = StatusText.uptime(status, now);
        return StatusText.NONE.equals(uptime) ? since : since + " (up " + uptime + ")";
    }

    // a plugin serving again keeps its last failure: when it happened tells an old one from a new one
    private static String lastFailure(PluginStatusDTO status, Instant now) {
        String cause = StatusText.oneLine(status.lastFailure);
        if (status.lastFailure == null || status.lastFailureTime <= 0) {
            return cause;
        }
        Instant at = Instant.ofEpochMilli(status.lastFailureTime);
        Duration ago = Duration.between(at, now);
        return at + (ago.isNegative() ? "" : " (" + Uptime.format(ago) + " ago)") + ": " + cause;
    }

    private static String nextAttempt(PluginStatusDTO status, Instant now) {
        if (status.nextAttempt <= 0) {
            return StatusText.NONE;
        }
        Instant next = Instant.ofEpochMilli(status.nextAttempt);
        Duration wait = Duration.between(now, next);
        String when = wait.isNegative() || wait.isZero() ? "due" : "in " + Uptime.format(wait);
        return next + " (" + when + ")";
    }
}
