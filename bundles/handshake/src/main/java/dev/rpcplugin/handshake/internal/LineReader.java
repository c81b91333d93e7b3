package dev.rpcplugin.handshake.internal;

import static dev.rpcplugin.handshake.internal.MessageText.visible;

import dev.rpcplugin.handshake.HandshakeException;
import dev.rpcplugin.handshake.HandshakeException.Reason;
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
     * Reads the next line.
     *
     * @return the line without its {@code \n} (a {@code \r} before it is kept), or {@code null} when
     *     the stream ended before any byte
     * @throws HandshakeException ({@link Reason#LINE_TOO_LONG}) when {@code maxBytes} bytes arrived
     *     without a newline; the rest of that line stays unread
     * @throws IOException when the stream fails
     */
    public String readLine() throws IOException, HandshakeException {
        int length = 0;
        while (true) {
            int next = in.read();
            if (next < 0) {
                return length == 0 ? null : decode(length);
            }
            if (next == '\n') {
                return decode(length);
            }
            if (length == maxBytes) {
                String start = decode(length);
                throw new HandshakeException(Reason.LINE_TOO_LONG, "Unrecognized remote plugin message: "
                        + visible(start) + "\nThe plugin printed a line longer than " + maxBytes
                        + " bytes before its handshake", start);
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(maxBytes, buffer.length * 2));
            }
            buffer[length++] = (byte) next;
        }
    }

    private String decode(int length) {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }
}
