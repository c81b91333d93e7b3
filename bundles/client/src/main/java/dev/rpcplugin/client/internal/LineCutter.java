package dev.rpcplugin.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts bytes into lines of at most {@link #MAX_LINE} bytes (go-plugin's 64 KiB log buffer), stripping
 * {@code \n} and {@code \r\n}. A longer line arrives in pieces, each cut between two characters; a
 * piece goes only once a byte other than a line end follows it, so that a line of exactly the limit
 * is one line. Not thread-safe: one thread at a time.
 */
public final class LineCutter {

    /** Longest line delivered in one piece, in bytes. */
    public static final int MAX_LINE = 64 * 1024;

    /** A line buffer that grew beyond this is dropped after its line, so that idle plugins hold little. */
    private static final int KEPT_LINE_CAPACITY = 4096;

    private final LineSink sink;
    private byte[] line = new byte[0];
    private int length;

    /** @param sink receives every line and piece on the cutting thread */
    public LineCutter(LineSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Cuts {@code count} bytes of {@code chunk} from {@code offset}; a line not ended yet waits. */
    public void cut(byte[] chunk, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            byte b = chunk[i];
            if (b == '\n') {
                deliverLine();
            } else {
                if (length == MAX_LINE) {
                    deliverPiece();
                }
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(256, length * 2)));
                }
                line[length++] = b;
            }
        }
    }

    /** Delivers a line not ended yet, as at the end of the stream. */
    public void flush() {
        if (length > 0) {
            deliverLine();
        }
    }

    private void deliverLine() {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        String text = new String(line, 0, end, StandardCharsets.UTF_8);
        length = 0;
        if (line.length > KEPT_LINE_CAPACITY) {
            line = new byte[0];
        }
        sink.line(text, false);
    }

    // the bytes of a character cut by the limit stay for the next piece
    private void deliverPiece() {
        int cut = characterStart(line, length);
        String text = new String(line, 0, cut, StandardCharsets.UTF_8);
        System.arraycopy(line, cut, line, 0, length - cut);
        length -= cut;
        sink.line(text, true);
    }

    /** Where an unfinished UTF-8 sequence at the end of the first {@code length} bytes begins; else {@code length}. */
    static int characterStart(byte[] bytes, int length) {
        for (int i = length - 1; i >= Math.max(0, length - 4); i--) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                return length; // ASCII: nothing unfinished
            }
            if (b >= 0xc0) { // a lead byte: does its sequence fit?
                int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return i + needed > length ? i : length;
            }
        }
        return length;
    }
}
