package dev.rpcplugin.examples.kv.consumer.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Stands in for a shell session: collects what commands print. */
final class Terminal {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Runs a command; returns what it printed, without the last line break. */
    String printedBy(Runnable command) {
        bytes.reset();
        command.run();
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
