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
}
