package dev.rpcplugin.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts what a plugin streams over {@code GRPCStdio} (a Java plugin's {@code System.out} and
 * {@code System.err}) into lines of at most {@link #MAX_LINE} bytes, without {@code \n} or
 * {@code \r\n}. A line not ended yet waits for the next chunk. Not thread-safe: the stream delivers
 * one chunk at a time.
 */
final class StdioLines implements Consumer<byte[]> {

    /** Longest line delivered in one piece, in bytes, as for stderr. */
    static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    StdioLines(Consumer<String> lines) {
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public void accept(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                deliver();
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length - start);
    }

    private void append(byte[] chunk, int offset, int length) {
        while (length > 0) {
            int taken = Math.min(length, MAX_LINE - pending.size());
            pending.write(chunk, offset, taken);
            offset += taken;
            length -= taken;
            if (pending.size() == MAX_LINE) {
                deliver();
            }
        }
    }

    private void deliver() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        lines.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
