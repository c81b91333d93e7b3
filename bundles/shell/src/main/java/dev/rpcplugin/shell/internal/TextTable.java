package dev.rpcplugin.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: left-aligned columns as wide as their widest cell, two spaces apart, no
 * trailing blanks.
 */
final class TextTable {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param headers the column headers; every row must have as many cells
     */
    TextTable(List<String> headers) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = List.copyOf(headers);
    }

    /**
     * Adds a row.
     *
     * @param cells one cell per column; null cells print as {@code -}
     * @throws IllegalArgumentException when the row does not have one cell per column
     */
    void addRow(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row needs " + headers.size() + " cells, got " + cells.size()
                    + ": " + cells);
        }
        List<String> row = new ArrayList<>(cells.size());
        for (String cell : cells) {
            row.add(cell == null || cell.isEmpty() ? "-" : cell);
        }
        rows.add(row);
    }

    /** @return the header line and one line per row, each ending with a newline */
    String render() {
        int[] widths = new int[headers.size()];
        measure(headers, widths);
        rows.forEach(row -> measure(row, widths));
        StringBuilder out = new StringBuilder();
        appendLine(out, headers, widths);
        rows.forEach(row -> appendLine(out, row, widths));
        return out.toString();
    }

    private static void measure(List<String> cells, int[] widths) {
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(widths[i], cells.get(i).length());
        }
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                line.append(GAP);
            }
            line.append(cells.get(i));
            line.append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
