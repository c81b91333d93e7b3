package dev.rpcplugin.handshake.internal;

import static dev.rpcplugin.handshake.internal.MessageText.visible;

import dev.rpcplugin.handshake.HandshakeException;
import dev.rpcplugin.handshake.HandshakeException.Reason;
import dev.rpcplugin.handshake.HandshakeLine;
import dev.rpcplugin.handshake.HandshakeParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The blocking part of reading a handshake: lines from a stream until one is accepted or rejected.
 * With {@code maxSkippedLines == 0} it is go-plugin's strict rule (the first line is the
 * handshake); otherwise lines that are not {@linkplain #isCandidate candidates} are reported and
 * skipped, up to the limit, including lines over {@code maxLineBytes} (reported by their start, the
 * rest read and dropped). A line over the limit that is not skipped fails with
 * {@link Reason#LINE_TOO_LONG}.
 */
public final class HandshakeScan {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final HandshakeParser parser;
    private final int maxLineBytes;
    private final int maxSkippedLines;
    private final Consumer<String> skippedLines;

    /**
     * @param skippedLines receives each skipped line (without {@code \n} or {@code \r\n}) on the reading thread
     */
    public HandshakeScan(HandshakeParser parser, int maxLineBytes, int maxSkippedLines, Consumer<String> skippedLines) {
        this.parser = parser;
        this.maxLineBytes = maxLineBytes;
        this.maxSkippedLines = maxSkippedLines;
        this.skippedLines = skippedLines;
    }

    /**
     * Whether a line may be a handshake line: after Go's whitespace trimming it has at least four
     * {@code |}-separated fields and field 1 is an optional sign followed by ASCII digits (any
     * magnitude, so "2|..." and "99999999999999999999|..." are candidates and get precise errors).
     */
    public static boolean isCandidate(String line) {
        String trimmed = GoText.trimSpace(line);
        int firstBar = trimmed.indexOf('|');
        if (firstBar < 0 || !INTEGER.matcher(trimmed.substring(0, firstBar)).matches()) {
            return false;
        }
        int fields = 1;
        for (int i = firstBar; i >= 0 && fields < 4; i = trimmed.indexOf('|', i + 1)) {
            fields++;
        }
        return fields >= 4;
    }

    /**
     * Reads until the handshake line.
     *
     * @throws HandshakeException when the line is rejected, too long and not skipped, or the stream ends first
     * @throws IOException when the stream fails
     */
    public HandshakeLine scan(InputStream in) throws IOException, HandshakeException {
        LineReader reader = new LineReader(in, maxLineBytes);
        int skipped = 0;
        while (true) {
            LineReader.Line line = reader.readLine();
            if (line == null) {
                throw endOfStream(skipped);
            }
            if (skipped < maxSkippedLines && !isCandidate(line.text())) {
                if (line.tooLong()) {
                    reader.skipRestOfLine();
                }
                report(line.text());
                skipped++;
                continue;
            }
            try {
                return parse(line);
            } catch (HandshakeException e) {
                throw skipped == 0 ? e : e.withDiagnostics("(after skipping " + skipped
                        + " non-handshake lines" + (skipped == maxSkippedLines ? ", the configured maximum)" : ")"));
            }
        }
    }

    private HandshakeLine parse(LineReader.Line line) throws HandshakeException {
        if (line.tooLong()) {
            throw tooLong(line.text()); // the rest of the line stays unread
        }
        return parser.parse(line.text());
    }

    private HandshakeException tooLong(String start) {
        return new HandshakeException(Reason.LINE_TOO_LONG, "Unrecognized remote plugin message: " + visible(start)
                + "\nThe plugin printed a line longer than " + maxLineBytes + " bytes before its handshake", start);
    }

    private void report(String line) throws HandshakeException {
        String shown = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        try {
            skippedLines.accept(shown);
        } catch (RuntimeException e) {
            throw new HandshakeException(Reason.READ_FAILED, "the consumer of skipped stdout lines failed on "
                    + visible(shown) + ": " + e, shown, e);
        }
    }

    private static HandshakeException endOfStream(int skipped) {
        String detail = skipped == 0
                ? "Failed to read any lines from plugin's stdout"
                : "Reached the end of plugin's stdout after " + skipped + " non-handshake lines";
        return new HandshakeException(Reason.NO_HANDSHAKE_LINE, "Unrecognized remote plugin message: \n" + detail
                + "\nThe plugin closed its stdout, usually because it exited, before printing its handshake line",
                "");
    }
}
