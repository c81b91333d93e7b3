package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one child pipe and cuts it into lines with a {@link LineCutter}: at most {@link #MAX_LINE}
 * bytes (go-plugin's 64 KiB log buffer), without {@code \n} or {@code \r\n}; longer lines arrive in pieces.
 *
 * <p>While the child lives, a {@link PipePoller} calls {@link #readAvailable(byte[])}, which never
 * blocks, so one task serves the pipes of every plugin of a host. After the child exited,
 * {@link #run()} reads the rest until EOF with blocking reads. Not thread-safe: one thread at a time.
 */
public final class PipeLineReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PipeLineReader.class);

    /** Longest line delivered in one piece, in bytes. */
    public static final int MAX_LINE = LineCutter.MAX_LINE;

    private final InputStream in;
    private final LineCutter lines; // null: discarded
    private final String what;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /**
     * @param in the pipe; closed by this reader at EOF
     * @param sink receives every line on the reading thread; null drains and discards without decoding
     * @param what names the pipe in failure messages, e.g. "stderr of kv-plugin"
     */
    public PipeLineReader(InputStream in, LineSink sink, String what) {
        this.in = Objects.requireNonNull(in, "in");
        this.what = Objects.requireNonNull(what, "what");
        this.lines = sink == null ? null : new LineCutter((line, piece) -> {
            try {
                sink.line(line, piece);
            } catch (RuntimeException e) {
                // a failing consumer must not stop the drain, or the child would block on a full pipe
                LOG.warn("line consumer for {} failed", what, e);
            }
        });
    }

    /** Completes when the pipe reached EOF or failed and every line was delivered. */
    public CompletableFuture<Void> done() {
        return done;
    }

    String what() {
        return what;
    }

    /**
     * Takes what the pipe holds now, without blocking.
     *
     * @param chunk scratch buffer
     * @return bytes taken, 0 when the pipe was empty, -1 when it ended (then {@link #done()} is complete)
     */
    int readAvailable(byte[] chunk) {
        try {
            int available = in.available();
            if (available <= 0) {
                return 0;
            }
            int n = in.read(chunk, 0, Math.min(available, chunk.length));
            if (n < 0) {
                finish();
                return -1;
            }
            cut(chunk, n);
            return n;
        } catch (IOException e) {
            LOG.debug("reading {} ended: {}", what, e.toString());
            finish();
            return -1;
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        }
    }

    /** Reads until EOF, blocking; for a pipe whose writer has exited or for a pipe no poller serves. */
    @Override
    public void run() {
        if (done.isDone()) {
            return;
        }
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                cut(chunk, n);
            }
        } catch (IOException e) {
            // the stream was closed under us (process reaped and pipe torn down): nothing left to read
            LOG.debug("reading {} ended: {}", what, e.toString());
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        }
        finish();
    }

    void fail(Throwable failure) {
        closeQuietly();
        done.completeExceptionally(failure);
    }

    private void finish() {
        try {
            if (lines != null) {
                lines.flush(); // last line without a line end
            }
        } finally {
            closeQuietly();
            done.complete(null);
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", what, e.toString());
        }
    }

    private void cut(byte[] chunk, int n) {
        if (lines != null) { // else discarded: go-plugin throws stdout after the handshake away
            lines.cut(chunk, 0, n);
        }
    }
}
