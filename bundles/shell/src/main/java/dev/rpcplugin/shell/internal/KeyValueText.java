package dev.rpcplugin.shell.internal;

import java.util.Map;

/** {@code label: value} lines with the values aligned in one column. */
final class KeyValueText {

    private KeyValueText() {
    }

    /**
     * @param fields labels and values, in the order to show
     * @return one line per field, without a trailing newline
     */
    static String render(Map<String, String> fields) {
        return render(fields, "");
    }

    /**
     * @param fields labels and values, in the order to show
     * @param indent put before every line
     * @return one line per field, without a trailing newline
     */
    static String render(Map<String, String> fields, String indent) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        fields.forEach((label, value) -> {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(indent).append(label).append(':')
                    .append(" ".repeat(width - label.length() + 1)).append(value);
        });
        return out.toString();
    }
}
