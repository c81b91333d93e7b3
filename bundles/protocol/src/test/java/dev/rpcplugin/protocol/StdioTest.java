package dev.rpcplugin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.protocol.wire.GRPCStdioGrpc;
import dev.rpcplugin.protocol.wire.StdioData;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StdioTest {

    /** Collects chunks of one channel. */
    private static final class Collected implements Consumer<byte[]> {
        final List<byte[]> chunks = new CopyOnWriteArrayList<>();

        @Override
        public void accept(byte[] chunk) {
            chunks.add(chunk);
        }

        synchronized byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            chunks.forEach(all::writeBytes);
            return all.toByteArray();
        }

        int size() {
            return chunks.stream().mapToInt(c -> c.length).sum();
        }
    }

    private static void awaitSize(Collected c, int size) throws Exception {
        Await.until(() -> c.size() >= size, size + " bytes arrived");
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    @Test
    void bytesArriveInOrderPerChannelInChunksOfAtMost1024() throws Exception {
        StdioService service = new StdioService();
        Collected out = new Collected();
        Collected err = new Collected();
        byte[] bigOut = pattern(5000, 1);
        byte[] bigErr = pattern(3333, 7);
        try (UnixGrpc g = new UnixGrpc(service);
                StdioConsumer consumer = StdioConsumer.start(g.channel, out, err)) {
            PrintStream printOut = new PrintStream(service.stdout(), true, StandardCharsets.UTF_8);
            printOut.println("hello");
            service.stdout().write(bigOut);
            service.stderr().write(bigErr);
            service.stderr().write(new byte[0]);
            service.stdout().write('!');

            int outLength = "hello\n".length() + bigOut.length + 1;
            awaitSize(out, outLength);
            awaitSize(err, bigErr.length);

            ByteArrayOutputStream expectedOut = new ByteArrayOutputStream();
            expectedOut.writeBytes("hello\n".getBytes(StandardCharsets.UTF_8));
            expectedOut.writeBytes(bigOut);
            expectedOut.write('!');
            assertThat(out.bytes()).isEqualTo(expectedOut.toByteArray());
            assertThat(err.bytes()).isEqualTo(bigErr);
            assertThat(out.chunks).allSatisfy(c -> assertThat(c.length).isBetween(1, 1024));
            assertThat(err.chunks).allSatisfy(c -> assertThat(c.length).isBetween(1, 1024));
            assertThat(service.droppedBytes()).isZero();
            assertThat(service.awaitDrained(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void outputWrittenBeforeTheHostConnectsIsDelivered() throws Exception {
        StdioService service = new StdioService();
        service.stderr().write("early\n".getBytes(StandardCharsets.UTF_8));
        Collected out = new Collected();
        Collected err = new Collected();
        try (UnixGrpc g = new UnixGrpc(service);
                StdioConsumer consumer = StdioConsumer.start(g.channel, out, err)) {
            awaitSize(err, 6);
            assertThat(new String(err.bytes(), StandardCharsets.UTF_8)).isEqualTo("early\n");
            assertThat(out.chunks).isEmpty();
        }
    }

    @Test
    void writersNeverBlockWithoutAHostAndOldestBytesAreDropped() throws Exception {
        StdioService service = new StdioService(4096);
        byte[] block = pattern(1024, 3);
        for (int i = 0; i < 100; i++) {
            service.stdout().write(block);
        }
        assertThat(service.droppedBytes()).isEqualTo(96L * 1024);
        assertThat(service.awaitDrained(Duration.ofMillis(50))).isFalse();

        Collected out = new Collected();
        try (UnixGrpc g = new UnixGrpc(service);
                StdioConsumer consumer = StdioConsumer.start(g.channel, out, new Collected())) {
            awaitSize(out, 4096);
            assertThat(service.awaitDrained(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(out.size()).isEqualTo(4096);
    }

    @Test
    void secondStreamIsRefusedWhileOneIsOpen() throws Exception {
        StdioService service = new StdioService();
        try (UnixGrpc g = new UnixGrpc(service);
                StdioConsumer first = StdioConsumer.start(g.channel, new Collected(), new Collected())) {
            Await.until(() -> service.streaming(), "the host streams");
            try (StdioConsumer second = StdioConsumer.start(g.channel, new Collected(), new Collected())) {
                assertThat(second.finished().get(10, TimeUnit.SECONDS).getCode())
                        .isEqualTo(Status.Code.ALREADY_EXISTS);
            }
            assertThat(first.finished()).isNotDone();
        }
    }

    @Test
    void aNewStreamContinuesAfterTheFirstIsCancelled() throws Exception {
        StdioService service = new StdioService();
        Collected firstOut = new Collected();
        Collected secondOut = new Collected();
        try (UnixGrpc g = new UnixGrpc(service)) {
            StdioConsumer first = StdioConsumer.start(g.channel, firstOut, new Collected());
            service.stdout().write(new byte[] {1, 2});
            awaitSize(firstOut, 2);
            first.close();
            assertThat(first.finished().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
            Await.until(() -> !service.streaming(), "the stream is gone");

            service.stdout().write(new byte[] {3});
            try (StdioConsumer second = StdioConsumer.start(g.channel, secondOut, new Collected())) {
                awaitSize(secondOut, 1);
                assertThat(secondOut.bytes()).containsExactly(3);
            }
        }
    }

    @Test
    void closeEndsTheStreamNormallyAndDropsLaterOutput() throws Exception {
        StdioService service = new StdioService();
        try (UnixGrpc g = new UnixGrpc(service);
                StdioConsumer consumer = StdioConsumer.start(g.channel, new Collected(), new Collected())) {
            Await.until(() -> service.streaming(), "the host streams");
            service.close();
            assertThat(consumer.finished().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
            service.stdout().write(new byte[10]);
            assertThat(service.droppedBytes()).isEqualTo(10);
            service.close();
        }
    }

    @Test
    void consumerEndsQuietlyAgainstAServerWithoutStdio() throws Exception {
        try (UnixGrpc g = new UnixGrpc(new ControllerService(() -> { }));
                StdioConsumer consumer = StdioConsumer.start(g.channel, new Collected(), new Collected())) {
            assertThat(consumer.finished().get(10, TimeUnit.SECONDS).getCode())
                    .isEqualTo(Status.Code.UNIMPLEMENTED);
        }
    }

    @Test
    void consumerEndsQuietlyWhenThePluginGoesAway() throws Exception {
        StdioService service = new StdioService();
        try (UnixGrpc g = new UnixGrpc(service);
                StdioConsumer consumer = StdioConsumer.start(g.channel, new Collected(), new Collected())) {
            Await.until(() -> service.streaming(), "the host streams");
            g.server.shutdownNow();
            assertThat(consumer.finished().get(10, TimeUnit.SECONDS).getCode())
                    .isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
        }
    }

    @Test
    void unknownChannelsAreDroppedAndFailingCallbacksDoNotStopTheStream() throws Exception {
        GRPCStdioGrpc.GRPCStdioImplBase mixed = new GRPCStdioGrpc.GRPCStdioImplBase() {
            @Override
            public void streamStdio(com.google.protobuf.Empty request, StreamObserver<StdioData> observer) {
                observer.onNext(data(StdioData.Channel.INVALID, "x"));
                observer.onNext(StdioData.newBuilder().setChannelValue(9).setData(bytes("y")).build());
                observer.onNext(data(StdioData.Channel.STDERR, "boom"));
                observer.onNext(data(StdioData.Channel.STDOUT, "ok"));
                observer.onCompleted();
            }
        };
        Collected out = new Collected();
        Consumer<byte[]> failing = chunk -> {
            throw new IllegalStateException("sink broke");
        };
        try (UnixGrpc g = new UnixGrpc(mixed);
                StdioConsumer consumer = StdioConsumer.start(g.channel, out, failing)) {
            assertThat(consumer.finished().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
            assertThat(new String(out.bytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> new StdioService(100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100");
        OutputStream out = new StdioService().stdout();
        assertThatThrownBy(() -> out.write(new byte[2], 1, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> StdioConsumer.start(null, b -> { }, b -> { }))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("channel");
    }

    private static com.google.protobuf.ByteString bytes(String text) {
        return com.google.protobuf.ByteString.copyFromUtf8(text);
    }

    private static StdioData data(StdioData.Channel channel, String text) {
        return StdioData.newBuilder().setChannel(channel).setData(bytes(text)).build();
    }
}
