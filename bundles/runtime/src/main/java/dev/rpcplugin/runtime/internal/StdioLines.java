package dev.rpcplugin.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts what a plugin streams over {@code GRPCStdio} (a Java plugin's {@code System.out} and
 * {@code System.err}) into lines without {@code \n} or {@code \r\n}. A line longer than
 * {@link #MAX_LINE} bytes arrives in pieces of at most that many bytes, cut between characters; a
 * line not ended yet waits for the next chunk or for {@link #flush()}. Thread-safe: the stream
 * delivers chunks on its thread, the plugin's exit flushes on another.
 */
final class StdioLines implements Consumer<byte[]> {

    /** Longest piece delivered at once, in bytes, as for stderr. */
    static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    StdioLines(Consumer<String> lines) {
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public synchronized void accept(byte[] chunk) {
        for (byte b : chunk) {
            if (b == '\n') {
                deliverLine();
            } else {
                // a full piece goes only once more than a line end follows it: no empty line after it
                if (pending.size() >= MAX_LINE) {
                    deliverPiece();
                }
                pending.write(b);
            }
        }
    }

    /** Delivers a line not ended yet, as when the plugin has exited. */
    synchronized void flush() {
        if (pending.size() > 0) {
            deliverLine();
        }
    }

    private void deliverLine() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        lines.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    // the bytes of a character cut by the limit stay for the next piece
    private void deliverPiece() {
        byte[] bytes = pending.toByteArray();
        int cut = characterStart(bytes);
        pending.reset();
        pending.write(bytes, cut, bytes.length - cut);
        lines.accept(new String(bytes, 0, cut, StandardCharsets.UTF_8));
    }

    /** Where an unfinished UTF-8 sequence at the end of {@code bytes} begins; its length if there is none. */
    static int characterStart(byte[] bytes) {
        for (int i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                return bytes.length; // ASCII: nothing unfinished
            }
            if (b >= 0xc0) { // a lead byte: does its sequence fit?
                int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return i + needed > bytes.length ? i : bytes.length;
            }
        }
        return bytes.length;
    }
}
