package dev.rpcplugin.handshake.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines one byte at a time, never past a line's {@code \n}, so the stream can be handed on
 * (for draining) with nothing lost in a buffer. Bytes are decoded as UTF-8, malformed sequences
 * replaced. Like Go's {@code bufio.Scanner}, a last line without {@code \n} still counts as a line.
 */
public final class LineReader {

    /**
     * A line as read.
     *
     * @param text the line without its {@code \n} (a {@code \r} before it is kept); for a line over
     *     the limit, its first {@code maxBytes} bytes
     * @param tooLong whether the line went on past the limit; the rest of it is then still unread
     */
    public record Line(String text, boolean tooLong) {
    }

    private final InputStream in;
    private final int maxBytes;
    private byte[] buffer = new byte[128];

    /**
     * @param in the stream, not closed by this reader
     * @param maxBytes the longest line accepted, terminator excluded
     */
    public LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * Reads the next line, or its first {@code maxBytes} bytes when it is longer.
     *
     * @return the line, or {@code null} when the stream ended before any byte
     * @throws IOException when the stream fails
     */
    public Line readLine() throws IOException {
        int length = 0;
        while (true) {
            int next = in.read();
            if (next < 0) {
                return length == 0 ? null : new Line(decode(length), false);
            }
            if (next == '\n') {
                return new Line(decode(length), false);
            }
            if (length == maxBytes) {
                return new Line(decode(length), true);
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(maxBytes, buffer.length * 2));
            }
            buffer[length++] = (byte) next;
        }
    }

    /**
     * Reads and drops the rest of a line that was {@linkplain Line#tooLong() too long}, through its
     * {@code \n} or to the end of the stream.
     *
     * @throws IOException when the stream fails
     */
    public void skipRestOfLine() throws IOException {
        for (int next = in.read(); next >= 0 && next != '\n'; next = in.read()) {
            // dropped: only the start of an over-long line is kept
        }
    }

    private String decode(int length) {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }
}
