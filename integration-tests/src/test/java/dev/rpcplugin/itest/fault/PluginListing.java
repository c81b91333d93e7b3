package dev.rpcplugin.itest.fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code plugin:list} table the container prints (columns NAME, STATE, PID, ...). */
final class PluginListing {

    private PluginListing() {
    }

    /** Name to pid of every row whose state is SERVING, from the last table in {@code text}. */
    static Map<String, Long> servingPids(String text) {
        List<String> lines = text.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("NAME") && lines.get(i).contains("STATE") && lines.get(i).contains("PID")) {
                header = i;
            }
        }
        Map<String, Long> serving = new LinkedHashMap<>();
        for (int i = header + 1; header >= 0 && i < lines.size(); i++) {
            String[] columns = lines.get(i).trim().split("\\s+");
            if (columns.length < 3 || !columns[2].matches("\\d+")) {
                break;
            }
            if (columns[1].equals("SERVING")) {
                serving.put(columns[0], Long.parseLong(columns[2]));
            }
        }
        return serving;
    }

    /**
     * The {@code label: value} lines {@code plugin:info NAME} printed for {@code name}: from its
     * {@code name:} line up to the next {@code name:} line.
     */
    static Map<String, String> info(String text, String name) {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String label = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (label.equals("name")) {
                inside = value.equals(name);
            }
            if (inside) {
                fields.put(label, value);
            }
        }
        return fields;
    }
}
