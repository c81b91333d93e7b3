package dev.rpcplugin.shell.internal;

import java.time.Instant;
import java.util.List;

import dev.rpcplugin.api.PluginStatusDTO;

/** The {@code plugin:list} table: one row per configured plugin. */
final class PluginTable {

    /** What {@code plugin:list} prints when the runtime knows no plugin. */
    static final String EMPTY = "no plugins configured";

    static final List<String> HEADERS = List.of(
            "NAME", "STATE", "PID", "VERSION", "NETWORK", "TLS", "SERVICES", "RESTARTS", "UPTIME");

    private PluginTable() {
    }

    /**
     * Renders the table.
     *
     * @param plugins the plugins, in the order to show
     * @param now the current time, for the uptime column
     * @return the table with a header line, or {@link #EMPTY}
     */
    static String render(List<PluginStatusDTO> plugins, Instant now) {
        if (plugins.isEmpty()) {
            return EMPTY;
        }
        TextTable table = new TextTable(HEADERS);
        for (PluginStatusDTO plugin : plugins) {
            table.addRow(List.of(
                    plugin.name == null ? StatusText.NONE : plugin.name,
                    StatusText.state(plugin),
                    StatusText.pid(plugin),
                    StatusText.protocolVersion(plugin),
                    StatusText.network(plugin),
                    StatusText.tls(plugin),
                    StatusText.services(plugin),
                    Integer.toString(plugin.restarts),
                    StatusText.uptime(plugin, now)));
        }
        return table.render().stripTrailing();
    }
}
