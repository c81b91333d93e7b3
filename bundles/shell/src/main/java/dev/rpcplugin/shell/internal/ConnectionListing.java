package dev.rpcplugin.shell.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.osgi.framework.Constants;

import dev.rpcplugin.api.PluginProperties;

/** The {@code plugin:services} text: the registered PluginConnection services of one plugin. */
final class ConnectionListing {

    /** The service the runtime chooses first comes first: highest ranking, then oldest registration. */
    private static final Comparator<Map<String, Object>> SERVICE_ORDER =
            Comparator.<Map<String, Object>>comparingInt(ConnectionListing::ranking).reversed()
                    .thenComparingLong(ConnectionListing::serviceId);

    private ConnectionListing() {
    }

    /**
     * Renders the registrations whose {@code plugin.name} is {@code pluginName}.
     *
     * @param pluginName the plugin to show
     * @param state the plugin's current state, shown when nothing is registered
     * @param registrations the service properties of every registered PluginConnection
     * @return a heading and each matching registration's properties, sorted by key
     */
    static String render(String pluginName, String state, Collection<Map<String, Object>> registrations) {
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> properties : registrations) {
            if (pluginName.equals(properties.get(PluginProperties.PLUGIN_NAME))) {
                matching.add(properties);
            }
        }
        if (matching.isEmpty()) {
            return "plugin \"" + pluginName + "\" has no registered PluginConnection service (state " + state + ")";
        }
        matching.sort(SERVICE_ORDER);
        StringBuilder out = new StringBuilder();
        out.append("plugin \"").append(pluginName).append("\": ").append(matching.size())
                .append(matching.size() == 1 ? " PluginConnection service" : " PluginConnection services");
        for (Map<String, Object> properties : matching) {
            out.append('\n').append(Constants.SERVICE_ID).append(' ').append(properties.get(Constants.SERVICE_ID))
                    .append('\n').append(KeyValueText.render(asText(properties), "  "));
        }
        return out.toString();
    }

    private static Map<String, String> asText(Map<String, Object> properties) {
        Map<String, String> text = new LinkedHashMap<>();
        new TreeMap<>(properties).forEach((key, value) -> text.put(key, valueText(value)));
        return text;
    }

    /** Arrays (also of primitives) and collections print their elements, like OSGi's own shells. */
    static String valueText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            StringJoiner elements = new StringJoiner(", ", "[", "]");
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(String.valueOf(Array.get(value, i)));
            }
            return elements.toString();
        }
        return value.toString();
    }

    private static int ranking(Map<String, Object> properties) {
        // OSGi: a ranking that is not an Integer counts as 0
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE;
    }
}
