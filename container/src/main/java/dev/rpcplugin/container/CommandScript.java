package dev.rpcplugin.container;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code --exec} argument into Gogo statements at top-level {@code ;} and newlines, so that
 * each statement runs, prints and fails on its own. Separators inside quotes, after a backslash or
 * inside {@code {}}, {@code []} or {@code ()} belong to the statement, as in Gogo's own parser.
 */
final class CommandScript {

    private CommandScript() {
    }

    /** The non-blank statements of {@code script}, trimmed, in order. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\\' && quote != '\'' && i + 1 < script.length()) {
                current.append(c).append(script.charAt(++i));
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ']' || c == ')') && depth > 0) {
                depth--;
            } else if ((c == ';' || c == '\n') && depth == 0) {
                add(statements, current);
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, CharSequence statement) {
        String trimmed = statement.toString().trim();
        if (!trimmed.isEmpty()) {
            statements.add(trimmed);
        }
    }
}
