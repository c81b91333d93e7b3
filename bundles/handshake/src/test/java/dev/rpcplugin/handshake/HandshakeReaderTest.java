package dev.rpcplugin.handshake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.handshake.HandshakeException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandshakeReaderTest {

    private static final Duration LONG = Duration.ofSeconds(10);
    private static final String GOOD = "1|1|unix|/tmp/run/plugin2394929427|grpc|";

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HandshakeParser parser = HandshakeParser.forVersions(1);
    private final HandshakeReader strict = HandshakeReader.strict(parser);
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final HandshakeReader lenient = HandshakeReader.lenient(parser, 3, skipped::add);

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("reader threads released").isTrue();
    }

    @Test
    void strictReadsTheFirstLineAndLeavesTheRestUnread() throws Exception {
        ScriptedInputStream in = ScriptedInputStream.ending(bytes(GOOD + "\nlater output\n"));
        HandshakeLine line = strict.read(in, executor, LONG).get(10, TimeUnit.SECONDS);
        assertThat(line.address()).isEqualTo("/tmp/run/plugin2394929427");
        assertThat(in.position()).isEqualTo(GOOD.length() + 1);
        assertThat(in.isClosed()).isFalse();
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("later output\n");
    }

    @Test
    void strictRejectsOutputBeforeTheHandshake() {
        assertFailure(strict, "Starting plugin...\n" + GOOD + "\n", Reason.UNRECOGNIZED_MESSAGE)
                .hasMessageStartingWith("Unrecognized remote plugin message: Starting plugin...");
    }

    @Test
    void lenientSkipsAndReportsLinesBeforeTheHandshake() throws Exception {
        InputStream in = new ByteArrayInputStream(bytes("Starting plugin...\r\n\nlog: a|b|c\n" + GOOD + "\r\n"));
        HandshakeLine line = lenient.read(in, executor, LONG).get(10, TimeUnit.SECONDS);
        assertThat(line.network()).isEqualTo(Network.UNIX);
        assertThat(skipped).containsExactly("Starting plugin...", "", "log: a|b|c");
    }

    @Test
    void lenientTreatsNumericFourFieldLinesAsTheHandshake() {
        assertFailure(lenient, "banner\n2|1|unix|/s|grpc|\n" + GOOD + "\n", Reason.CORE_VERSION_INCOMPATIBLE)
                .hasMessageContaining("Plugin version: 2,")
                .hasMessageEndingWith("(after skipping 1 non-handshake lines)");
        assertThat(skipped).containsExactly("banner");
    }

    @Test
    void lenientGivesUpAfterTheLimit() {
        assertFailure(lenient, "a\nb\nc\nd\n" + GOOD + "\n", Reason.UNRECOGNIZED_MESSAGE)
                .hasMessageStartingWith("Unrecognized remote plugin message: d")
                .hasMessageEndingWith("(after skipping 3 non-handshake lines, the configured maximum)");
        assertThat(skipped).containsExactly("a", "b", "c");
    }

    @Test
    void lenientWithZeroSkipsIsStrict() {
        HandshakeReader zero = HandshakeReader.lenient(parser, 0, skipped::add);
        assertFailure(zero, "x\n" + GOOD + "\n", Reason.UNRECOGNIZED_MESSAGE);
        assertThat(skipped).isEmpty();
        assertThat(zero.maxSkippedLines()).isZero();
        assertThat(zero.parser()).isSameAs(parser);
    }

    @Test
    void endOfStreamBeforeAnyLineHintsThatThePluginExited() {
        assertFailure(strict, "", Reason.NO_HANDSHAKE_LINE)
                .hasMessageStartingWith("Unrecognized remote plugin message: \n"
                        + "Failed to read any lines from plugin's stdout\n")
                .hasMessageContaining("exited");
        assertFailure(lenient, "one\ntwo\n", Reason.NO_HANDSHAKE_LINE)
                .hasMessageContaining("after 2 non-handshake lines");
    }

    @Test
    void lastLineWithoutNewlineStillCounts() throws Exception {
        assertThat(strict.read(new ByteArrayInputStream(bytes(GOOD)), executor, LONG).get(10, TimeUnit.SECONDS)
                .protocol()).isEqualTo("grpc");
    }

    @Test
    void linesAreCappedAt64KiBWithoutReadingFurther() {
        byte[] data = new byte[HandshakeReader.MAX_LINE_BYTES + 100];
        java.util.Arrays.fill(data, (byte) 'a');
        ScriptedInputStream in = ScriptedInputStream.ending(data);
        assertFailure(strict, in, Reason.LINE_TOO_LONG).hasMessageContaining("longer than 65536 bytes");
        assertThat(in.position()).isEqualTo(HandshakeReader.MAX_LINE_BYTES + 1);
    }

    @Test
    void lenientSkipsALineLongerThan64KiBAsOneLine() throws Exception {
        String junk = "x".repeat(HandshakeReader.MAX_LINE_BYTES + 100);
        ScriptedInputStream in = ScriptedInputStream.ending(bytes(junk + "\n" + GOOD + "\nlater output\n"));

        HandshakeLine line = lenient.read(in, executor, LONG).get(10, TimeUnit.SECONDS);

        assertThat(line.address()).isEqualTo("/tmp/run/plugin2394929427");
        assertThat(skipped).containsExactly("x".repeat(HandshakeReader.MAX_LINE_BYTES));
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("later output\n");
    }

    @Test
    void overLongLinesCountAgainstTheSkipLimit() {
        String junk = "x".repeat(HandshakeReader.MAX_LINE_BYTES + 1);
        assertFailure(lenient, "a\n" + junk + "\nb\n" + junk + "\n" + GOOD + "\n", Reason.LINE_TOO_LONG)
                .hasMessageContaining("longer than 65536 bytes")
                .hasMessageEndingWith("(after skipping 3 non-handshake lines, the configured maximum)");
        assertThat(skipped).containsExactly("a", "x".repeat(HandshakeReader.MAX_LINE_BYTES), "b");
    }

    @Test
    void overLongLineThatStartsLikeAHandshakeIsNotSkipped() {
        String handshakeWithHugeCertificate = "1|1|unix|/s|grpc|" + "A".repeat(HandshakeReader.MAX_LINE_BYTES);
        assertFailure(lenient, handshakeWithHugeCertificate + "\n" + GOOD + "\n", Reason.LINE_TOO_LONG);
        assertThat(skipped).isEmpty();
    }

    @Test
    void lineOfExactly64KiBIsStillALine() {
        String junk = "a".repeat(HandshakeReader.MAX_LINE_BYTES);
        assertFailure(strict, junk + "\n", Reason.UNRECOGNIZED_MESSAGE);
    }

    @Test
    void malformedUtf8IsRejectedAsTyped() {
        byte[] data = {(byte) 0xFF, (byte) 0xFE, '|', '1', '|', 'u', '|', '/', '\n'};
        assertFailure(strict, ScriptedInputStream.ending(data), Reason.CORE_VERSION_INVALID)
                .hasMessageContaining("\uFFFD");
    }

    @Test
    void timeoutUsesGoWordingAndClosesTheStreamWhichReleasesTheReader() throws InterruptedException {
        ExecutorService own = Executors.newSingleThreadExecutor();
        ScriptedInputStream in = ScriptedInputStream.blocking(bytes("partial"));
        assertThatThrownBy(() -> strict.await(in, own, Duration.ofMillis(100)))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
                .hasMessageStartingWith("timeout while waiting for plugin to start");
        assertThat(in.isClosed()).isTrue();
        // No interrupt: only the close can have ended the blocked read.
        own.shutdown();
        assertThat(own.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancellingClosesTheStreamWhichReleasesTheReader() throws Exception {
        ExecutorService own = Executors.newSingleThreadExecutor();
        ScriptedInputStream in = ScriptedInputStream.blocking(new byte[0]);
        CompletableFuture<HandshakeLine> future = strict.read(in, own, LONG);
        assertThat(future.cancel(true)).isTrue();
        assertThat(in.isClosed()).isTrue();
        own.shutdown();
        assertThat(own.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void successDoesNotCloseTheStream() throws Exception {
        ScriptedInputStream in = ScriptedInputStream.blocking(bytes(GOOD + "\n"));
        assertThat(strict.read(in, executor, LONG).get(10, TimeUnit.SECONDS).appVersion()).isEqualTo(1);
        assertThat(in.isClosed()).isFalse();
        in.close(); // releases nothing: the reader already returned
    }

    @Test
    void interruptedAwaitCancelsAndCloses() throws Exception {
        ScriptedInputStream in = ScriptedInputStream.blocking(new byte[0]);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                strict.await(in, executor, LONG);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        waiter.interrupt();
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(in.isClosed()).isTrue();
    }

    @Test
    void awaitReturnsTheLineAndThrowsTypedFailures() throws Exception {
        assertThat(strict.await(new ByteArrayInputStream(bytes(GOOD + "\n")), executor, LONG).appVersion())
                .isEqualTo(1);
        assertThatThrownBy(() -> strict.await(new ByteArrayInputStream(bytes("3|1|unix|/s|grpc|\n")), executor, LONG))
                .isInstanceOfSatisfying(HandshakeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORE_VERSION_INCOMPATIBLE));
    }

    @Test
    void streamFailureIsTyped() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("broken pipe");
            }
        };
        assertFailure(strict, failing, Reason.READ_FAILED).hasMessageContaining("broken pipe")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void runtimeFailureOfTheStreamIsTyped() {
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("odd stream");
            }
        };
        assertFailure(strict, failing, Reason.READ_FAILED).hasMessageContaining("odd stream");
    }

    @Test
    void failingSkippedLineConsumerIsTyped() {
        HandshakeReader throwing = HandshakeReader.lenient(parser, 5, line -> {
            throw new IllegalStateException("logger down");
        });
        assertFailure(throwing, "junk\n" + GOOD + "\n", Reason.READ_FAILED).hasMessageContaining("logger down");
    }

    @Test
    void rejectingExecutorIsTyped() {
        assertFailure(strict, strict.read(new ByteArrayInputStream(new byte[0]), task -> {
            throw new RejectedExecutionException("full");
        }, LONG), Reason.READ_FAILED).hasMessageContaining("refused");
    }

    @Test
    void taskQueuedPastTheDeadlineDoesNotTouchTheStream() throws Exception {
        AtomicReference<Runnable> queued = new AtomicReference<>();
        ScriptedInputStream in = ScriptedInputStream.ending(bytes(GOOD + "\n"));
        CompletableFuture<HandshakeLine> future = strict.read(in, queued::set, Duration.ofMillis(50));
        assertFailure(strict, future, Reason.TIMEOUT);
        queued.get().run();
        assertThat(in.position()).isZero();
        assertThat(in.isClosed()).isTrue();
    }

    @Test
    void invalidArgumentsAreRejected() {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        assertThatThrownBy(() -> strict.read(in, executor, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> strict.read(in, executor, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeReader.lenient(parser, -1, line -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> HandshakeReader.lenient(parser, HandshakeReader.MAX_SKIPPED_LINES_LIMIT + 1, line -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hugeTimeoutIsAccepted() throws Exception {
        Future<HandshakeLine> future = strict.read(new ByteArrayInputStream(bytes(GOOD)), executor,
                Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(future.get(10, TimeUnit.SECONDS).address()).startsWith("/tmp");
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFailure(HandshakeReader reader,
            String stdout, Reason reason) {
        return assertFailure(reader, new ByteArrayInputStream(bytes(stdout)), reason);
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFailure(HandshakeReader reader,
            InputStream stdout, Reason reason) {
        return assertFailure(reader, reader.read(stdout, executor, LONG), reason);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
            HandshakeReader reader, CompletableFuture<HandshakeLine> future, Reason reason) {
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        Throwable cause = future.handle((line, failure) -> failure).join();
        assertThat(cause).isInstanceOfSatisfying(HandshakeException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
        return assertThat(cause);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
