package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one child pipe and cuts it into lines of at most {@link #MAX_LINE} bytes (go-plugin's 64 KiB
 * log buffer), stripping {@code \n} and {@code \r\n}. Longer lines arrive in pieces.
 *
 * <p>While the child lives, a {@link PipePoller} calls {@link #readAvailable(byte[])}, which never
 * blocks, so one task serves the pipes of every plugin of a host. After the child exited,
 * {@link #run()} reads the rest until EOF with blocking reads. Not thread-safe: one thread at a time.
 */
public final class PipeLineReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PipeLineReader.class);

    /** Longest line delivered in one piece, in bytes. */
    public static final int MAX_LINE = 64 * 1024;

    /** A line buffer that grew beyond this is dropped after its line, so that idle plugins hold little. */
    private static final int KEPT_LINE_CAPACITY = 4096;

    private final InputStream in;
    private final LineSink sink;
    private final String what;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private byte[] line = new byte[0];
    private int length;

    /**
     * @param in the pipe; closed by this reader at EOF
     * @param sink receives every line on the reading thread; null drains and discards without decoding
     * @param what names the pipe in failure messages, e.g. "stderr of kv-plugin"
     */
    public PipeLineReader(InputStream in, LineSink sink, String what) {
        this.in = Objects.requireNonNull(in, "in");
        this.sink = sink;
        this.what = Objects.requireNonNull(what, "what");
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
            if (length > 0) {
                deliver(false); // last line without a line end
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
        if (sink == null) {
            return; // discarded: go-plugin throws stdout after the handshake away
        }
        for (int i = 0; i < n; i++) {
            byte b = chunk[i];
            if (b == '\n') {
                deliver(false);
            } else {
                if (length == MAX_LINE) {
                    deliver(true);
                }
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(256, length * 2)));
                }
                line[length++] = b;
            }
        }
    }

    private void deliver(boolean piece) {
        int end = length;
        if (!piece && end > 0 && line[end - 1] == '\r') {
            end--;
        }
        String text = new String(line, 0, end, StandardCharsets.UTF_8);
        length = 0;
        if (line.length > KEPT_LINE_CAPACITY) {
            line = new byte[0];
        }
        try {
            sink.line(text, piece);
        } catch (RuntimeException e) {
            // a failing consumer must not stop the drain, or the child would block on a full pipe
            LOG.warn("line consumer for {} failed", what, e);
        }
    }
}
