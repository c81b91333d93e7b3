package dev.rpcplugin.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Collects what a command prints. */
final class Printed {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** @return everything printed since the last call, without the final line break */
    String take() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
