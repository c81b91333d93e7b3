package dev.rpcplugin.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.rpcplugin.api.PluginState;
import dev.rpcplugin.api.PluginStatusDTO;

/** How single fields of a {@link PluginStatusDTO} read in the shell; {@code -} stands for "none". */
final class StatusText {

    static final String NONE = "-";

    private StatusText() {
    }

    /** The state; {@code SERVING (outdated)} while an earlier configuration serves (the last failure says why). */
    static String state(PluginStatusDTO status) {
        if (status.state == null) {
            return NONE;
        }
        return status.outdated ? status.state.name() + " (outdated)" : status.state.name();
    }

    static String pid(PluginStatusDTO status) {
        return status.pid > 0 ? Long.toString(status.pid) : NONE;
    }

    static String protocolVersion(PluginStatusDTO status) {
        return status.protocolVersion > 0 ? Integer.toString(status.protocolVersion) : NONE;
    }

    static String network(PluginStatusDTO status) {
        return status.network == null || status.network.isEmpty() ? NONE : status.network;
    }

    /** TLS is only known once a connection was negotiated, i.e. once there is a network. */
    static String tls(PluginStatusDTO status) {
        if (NONE.equals(network(status))) {
            return NONE;
        }
        return status.tls ? "yes" : "no";
    }

    static String services(PluginStatusDTO status) {
        if (status.services == null || status.services.length == 0) {
            return NONE;
        }
        return String.join(",", status.services);
    }

    /** Uptime of the serving incarnation, e.g. {@code 3m12s}; {@code -} unless serving. */
    static String uptime(PluginStatusDTO status, Instant now) {
        if (status.state != PluginState.SERVING || status.servingSince <= 0) {
            return NONE;
        }
        return Uptime.format(Duration.between(Instant.ofEpochMilli(status.servingSince), now));
    }

    /** The command line as a shell would show it: arguments with blanks or quotes are quoted. */
    static String command(PluginStatusDTO status) {
        if (status.command == null || status.command.length == 0) {
            return NONE;
        }
        return Arrays.stream(status.command).map(StatusText::quoteIfNeeded).collect(Collectors.joining(" "));
    }

    private static String quoteIfNeeded(String argument) {
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"'
                || c == '\'' || c == '\\')) {
            return argument;
        }
        return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** One line of free text: line breaks become {@code " | "} so tables and key lists stay aligned. */
    static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        return text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
