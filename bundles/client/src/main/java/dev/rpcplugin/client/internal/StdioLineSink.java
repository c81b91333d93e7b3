package dev.rpcplugin.client.internal;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a plugin streams on one channel of {@code GRPCStdio}, cut into lines as its stderr is
 * ({@link LineCutter}); the connection flushes a last line without its line end when the stream ends.
 */
public final class StdioLineSink implements Consumer<byte[]> {

    private final LineCutter cutter;

    public StdioLineSink(Consumer<String> lines) {
        Objects.requireNonNull(lines, "lines");
        this.cutter = new LineCutter((line, piece) -> lines.accept(line));
    }

    @Override
    public synchronized void accept(byte[] chunk) {
        cutter.cut(chunk, 0, chunk.length);
    }

    /** Delivers a line not ended yet: the stream has ended. */
    public synchronized void flush() {
        cutter.flush();
    }
}
