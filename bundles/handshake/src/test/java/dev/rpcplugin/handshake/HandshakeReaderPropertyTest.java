package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Random byte streams through {@link HandshakeReader}: every read completes (bounded by the
 * deadline) with a line or a {@link HandshakeException}, and never reads past the handshake line.
 */
class HandshakeReaderPropertyTest {

    private static final String GOOD = "1|1|unix|/tmp/run/plugin2394929427|grpc|";

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HandshakeParser parser = HandshakeParser.forVersions(1);

    @AfterProperty
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).as("reader threads released").isTrue();
    }

    @Property(tries = 3_000)
    void randomEndingStreamsCompleteTyped(@ForAll("stdout") byte[] data, @ForAll @IntRange(max = 5) int maxSkipped)
            throws Exception {
        ScriptedInputStream in = ScriptedInputStream.ending(data);
        AtomicInteger skipped = new AtomicInteger();
        HandshakeReader reader = maxSkipped == 0 ? HandshakeReader.strict(parser)
                : HandshakeReader.lenient(parser, maxSkipped, line -> skipped.incrementAndGet());
        Object outcome = outcome(reader.read(in, executor, Duration.ofSeconds(10)));
        assertThat(skipped.get()).isLessThanOrEqualTo(maxSkipped);
        if (outcome instanceof HandshakeLine) {
            // No read-ahead: the reader stopped right after the handshake's newline (or at the end).
            int position = in.position();
            assertThat(position == data.length || data[position - 1] == '\n').isTrue();
            assertThat(in.isClosed()).isFalse();
        }
    }

    @Property(tries = 300)
    void openStreamsAreBoundedByTheDeadline(@ForAll("stdout") byte[] data, @ForAll @IntRange(min = 2, max = 15) int millis)
            throws Exception {
        ScriptedInputStream in = ScriptedInputStream.blocking(data);
        HandshakeReader reader = HandshakeReader.lenient(parser, 3, line -> { });
        Object outcome = outcome(reader.read(in, executor, Duration.ofMillis(millis)));
        if (outcome instanceof HandshakeException e && e.reason() == HandshakeException.Reason.TIMEOUT) {
            assertThat(in.isClosed()).isTrue();
        }
    }

    /** Waits (bounded, far beyond any deadline used here) and returns the line or the typed failure. */
    private static Object outcome(CompletableFuture<HandshakeLine> future) throws InterruptedException {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(HandshakeException.class);
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the handshake read did not complete", e);
        }
    }

    @Provide
    Arbitrary<byte[]> stdout() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000);
        Arbitrary<byte[]> lines = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789|unixtcp/grpc: \r").ofMaxLength(40),
                Arbitraries.just(GOOD),
                Arbitraries.just("2" + GOOD.substring(1)))
                .list().ofMaxSize(8)
                .map(list -> (String.join("\n", list) + (list.size() % 2 == 0 ? "\n" : ""))
                        .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> huge = Arbitraries.integers().between(HandshakeReader.MAX_LINE_BYTES - 2,
                HandshakeReader.MAX_LINE_BYTES + 2).map(size -> {
                    byte[] bytes = new byte[size + 1];
                    java.util.Arrays.fill(bytes, (byte) '7');
                    bytes[size] = '\n';
                    return bytes;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(10, randomBytes),
                Tuple.of(10, lines),
                Tuple.of(1, huge));
    }
}
