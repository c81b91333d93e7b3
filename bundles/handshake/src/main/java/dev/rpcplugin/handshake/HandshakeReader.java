package dev.rpcplugin.handshake;

import dev.rpcplugin.handshake.HandshakeException.Reason;
import dev.rpcplugin.handshake.internal.HandshakeScan;
import dev.rpcplugin.handshake.internal.PendingRead;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Host side: waits for a plugin's handshake line on its stdout, with a deadline.
 *
 * <p>Reading happens on an executor the caller supplies, one byte at a time and never past the
 * handshake line's {@code \n}, so the caller can keep draining the same stream afterwards. Lines
 * are capped at {@link #MAX_LINE_BYTES}.
 *
 * <p>Two modes:
 * <ul>
 * <li>{@link #strict} — go-plugin's rule: the first line is the handshake.</li>
 * <li>{@link #lenient} — lines printed before the handshake (go-plugin issues 164 and 199) are
 *     skipped and reported, up to a limit. A line is taken as the handshake, and then accepted or
 *     rejected by the parser, when after trimming it has at least four {@code |}-separated fields
 *     and its first field is an optional sign followed by ASCII digits. Any other line is skipped,
 *     also one longer than {@link #MAX_LINE_BYTES} (its start is reported, the rest read and
 *     dropped); once the limit is reached, the next such line is handed to the parser (and so
 *     rejected, an over-long one with {@link Reason#LINE_TOO_LONG}).</li>
 * </ul>
 *
 * <p>The future always completes by the deadline. When anything but the reading task settles it
 * (timeout, cancellation, outside completion, an executor that refuses the task), the stream is
 * closed first, so a blocked reader is released, and whatever the reader finds later is dropped.
 * When the reading task settles it, the stream stays open. Caveat: on Linux
 * closing a process pipe does not wake a thread blocked reading it; that thread is released when
 * the process dies, so kill the plugin after a failed start (which hosts do anyway).
 *
 * <p>All this needs an executor that runs the reading task on another thread. One that runs it on
 * the calling thread ({@code Runnable::run}, or a pool with {@code CallerRunsPolicy} once full) makes
 * {@link #read} itself block until the plugin prints a line or closes its stdout, however long
 * that takes, so the caller never sees the deadline.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HandshakeReader {

    /** The longest line accepted (terminator excluded), as Go's {@code bufio.Scanner}: 64 KiB. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** The highest limit accepted for lines skipped in lenient mode. */
    public static final int MAX_SKIPPED_LINES_LIMIT = 10_000;
    /** go-plugin's default start timeout: one minute. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    private final HandshakeParser parser;
    private final int maxSkippedLines;
    private final Consumer<String> skippedLines;

    private HandshakeReader(HandshakeParser parser, int maxSkippedLines, Consumer<String> skippedLines) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.maxSkippedLines = maxSkippedLines;
        this.skippedLines = Objects.requireNonNull(skippedLines, "skippedLines");
    }

    /** A reader that takes the first line as the handshake, as go-plugin does. */
    public static HandshakeReader strict(HandshakeParser parser) {
        return new HandshakeReader(parser, 0, line -> { });
    }

    /**
     * A reader that skips up to {@code maxSkippedLines} non-handshake lines before the handshake.
     *
     * @param skippedLines receives each skipped line (without its line terminator; of a line longer
     *     than {@link #MAX_LINE_BYTES}, its first {@code MAX_LINE_BYTES} bytes), on the reading
     *     thread; hosts log them as warnings. If it throws, reading fails with
     *     {@link Reason#READ_FAILED}.
     * @throws IllegalArgumentException if {@code maxSkippedLines} is outside 0..{@value #MAX_SKIPPED_LINES_LIMIT}
     */
    public static HandshakeReader lenient(HandshakeParser parser, int maxSkippedLines, Consumer<String> skippedLines) {
        if (maxSkippedLines < 0 || maxSkippedLines > MAX_SKIPPED_LINES_LIMIT) {
            throw new IllegalArgumentException("maxSkippedLines must be from 0 to " + MAX_SKIPPED_LINES_LIMIT
                    + ", got " + maxSkippedLines);
        }
        return new HandshakeReader(parser, maxSkippedLines, skippedLines);
    }

    /** The parser that judges the handshake line. */
    public HandshakeParser parser() {
        return parser;
    }

    /** How many non-handshake lines may be skipped; 0 in strict mode. */
    public int maxSkippedLines() {
        return maxSkippedLines;
    }

    /**
     * Starts reading the handshake.
     *
     * @param stdout the plugin's stdout; left open when the reading task settles the read, else closed
     * @param executor runs the blocking read (one task per call) on a thread other than the caller's;
     *     one that runs it on the calling thread makes this method block, past the timeout if the
     *     plugin stays silent
     * @param timeout the start timeout, positive
     * @return a future completing with the handshake, or failing with a {@link HandshakeException}
     *     ({@link Reason#TIMEOUT} after {@code timeout}, {@link Reason#READ_FAILED} if the stream
     *     or the executor fails, else the parser's or end-of-stream reason). Dependent actions run
     *     on the reading thread, or on the JDK's delay thread for a timeout: use async variants for
     *     slow work.
     */
    public CompletableFuture<HandshakeLine> read(InputStream stdout, Executor executor, Duration timeout) {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(executor, "executor");
        if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        PendingRead pending = new PendingRead(stdout);
        CompletableFuture<Void> deadline = new CompletableFuture<Void>().orTimeout(nanos(timeout), TimeUnit.NANOSECONDS);
        deadline.whenComplete((ignored, expired) -> {
            if (expired != null) {
                pending.expire(new HandshakeException(Reason.TIMEOUT, "timeout while waiting for plugin to start"
                        + " (no handshake line within " + timeout.toMillis() + " ms)", null));
            }
        });
        CompletableFuture<HandshakeLine> result = pending.result();
        result.whenComplete((line, failure) -> deadline.complete(null)); // cancels a pending timeout
        HandshakeScan scan = new HandshakeScan(parser, MAX_LINE_BYTES, maxSkippedLines, skippedLines);
        try {
            executor.execute(() -> pending.run(scan));
        } catch (RejectedExecutionException e) {
            pending.expire(new HandshakeException(Reason.READ_FAILED,
                    "the executor refused the task that reads the plugin's stdout: " + e, null, e));
        }
        return result;
    }

    /**
     * Reads the handshake and waits for it; returns or throws by {@code timeout} at the latest, as
     * long as {@code executor} runs the read on another thread (see {@link #read}).
     *
     * @throws HandshakeException as for {@link #read}
     * @throws InterruptedException if interrupted while waiting; the read is cancelled and the stream closed
     */
    public HandshakeLine await(InputStream stdout, Executor executor, Duration timeout)
            throws HandshakeException, InterruptedException {
        CompletableFuture<HandshakeLine> future = read(stdout, executor, timeout);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HandshakeException handshakeFailure) {
                throw handshakeFailure;
            }
            throw new HandshakeException(Reason.READ_FAILED, "reading the handshake failed: " + e.getCause(), null,
                    e.getCause());
        }
    }

    private static long nanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
