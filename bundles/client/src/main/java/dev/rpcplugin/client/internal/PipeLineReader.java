package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a child's pipe until EOF and cuts it into lines of at most {@link #MAX_LINE} bytes (go-plugin's
 * 64 KiB log buffer), stripping {@code \n} and {@code \r\n}. Longer lines arrive in pieces.
 *
 * <p>java.lang.Process only offers blocking streams for the pipes (no selectable channel), so each open
 * pipe needs one blocked reader; it runs as a task on the host's shared cached pool, whose threads are
 * reused across plugins, and ends at EOF (the process tree died or closed the pipe).
 */
public final class PipeLineReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PipeLineReader.class);

    /** Longest line delivered in one piece, in bytes. */
    public static final int MAX_LINE = 64 * 1024;

    /**
     * How long the reader waits after a read that did not fill its buffer, so that the next read takes
     * many lines at once: a plugin that logs every call would otherwise wake this thread for every line.
     * The pipe holds 64 KiB meanwhile; only a faster writer fills the buffer, and then nobody waits.
     */
    static final long COALESCE_MILLIS = 2;

    private final InputStream in;
    private final LineSink sink;
    private final String what;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

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

    @Override
    public void run() {
        if (sink == null) {
            discardAll();
            return;
        }
        byte[] line = new byte[MAX_LINE];
        int length = 0;
        byte[] chunk = new byte[8192];
        try (InputStream pipe = in) {
            int n;
            while ((n = pipe.read(chunk)) >= 0) {
                if (n < chunk.length) {
                    coalesce();
                }
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        deliver(line, length, false);
                        length = 0;
                    } else {
                        if (length == MAX_LINE) {
                            deliver(line, length, true);
                            length = 0;
                        }
                        line[length++] = b;
                    }
                }
            }
            if (length > 0) {
                deliver(line, length, false); // last line without a line end
            }
        } catch (IOException e) {
            // the stream was closed under us (process reaped and pipe torn down): nothing left to read
            LOG.debug("reading {} ended: {}", what, e.toString());
        } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
            throw e;
        } finally {
            done.complete(null);
        }
    }

    private static void coalesce() {
        try {
            Thread.sleep(COALESCE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep draining: the pipe must not fill up
        }
    }

    private void discardAll() {
        byte[] chunk = new byte[8192];
        try (InputStream pipe = in) {
            while (pipe.read(chunk) >= 0) {
                // discarded: go-plugin throws stdout after the handshake away
            }
        } catch (IOException e) {
            LOG.debug("reading {} ended: {}", what, e.toString());
        } finally {
            done.complete(null);
        }
    }

    private void deliver(byte[] bytes, int length, boolean piece) {
        int end = length;
        if (!piece && end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        try {
            sink.line(text, piece);
        } catch (RuntimeException e) {
            // a failing consumer must not stop the drain, or the child would block on a full pipe
            LOG.warn("line consumer for {} failed", what, e);
        }
    }
}
