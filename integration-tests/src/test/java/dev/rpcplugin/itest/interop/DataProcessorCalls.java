package dev.rpcplugin.itest.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.ProcessRequest;
import dev.rpcplugin.examples.streaming.ProcessResponse;
import dev.rpcplugin.examples.streaming.SessionMessage;
import dev.rpcplugin.examples.streaming.StreamRequest;
import dev.rpcplugin.examples.streaming.UploadSummary;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The four gRPC call shapes of the streaming example's {@code DataProcessor}, each checked for
 * content and order. Every call has a deadline and every wait is bounded.
 */
final class DataProcessorCalls {

    private static final long DEADLINE_SECONDS = 30;

    private final Channel channel;

    DataProcessorCalls(Channel channel) {
        this.channel = channel;
    }

    /** Unary: the payload comes back upper-cased with the SHA-256 of what was sent. */
    void unary() throws Exception {
        byte[] payload = "hello, plugin: 42".getBytes(StandardCharsets.US_ASCII);
        ProcessResponse response = DataProcessorGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .processData(ProcessRequest.newBuilder().setPayload(ByteString.copyFrom(payload)).build());
        assertThat(response.getPayload().toStringUtf8()).isEqualTo("HELLO, PLUGIN: 42");
        assertThat(response.getSha256().toByteArray()).isEqualTo(sha256().digest(payload));
    }

    /** Server streaming: {@code count} chunks of {@code size} bytes, sequence numbers 0.. in order. */
    void serverStream(int count, int size) {
        Iterator<DataChunk> chunks = DataProcessorGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .streamResults(StreamRequest.newBuilder().setCount(count).setChunkSize(size).build());
        long expected = 0;
        while (chunks.hasNext()) {
            DataChunk chunk = chunks.next();
            assertThat(chunk.getSequence()).isEqualTo(expected);
            assertThat(chunk.getPayload().size()).isEqualTo(size);
            expected++;
        }
        assertThat(expected).isEqualTo(count);
    }

    /** Client streaming: the plugin's count, byte total and digest match what was sent, in order. */
    void clientStream(int count, int size) throws Exception {
        MessageDigest digest = sha256();
        Random random = new Random(count * 31L + size);
        List<DataChunk> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            digest.update(bytes);
            chunks.add(DataChunk.newBuilder().setSequence(i).setPayload(ByteString.copyFrom(bytes)).build());
        }
        UploadSummary summary = upload(chunks);
        assertThat(summary.getChunks()).isEqualTo(count);
        assertThat(summary.getBytes()).isEqualTo((long) count * size);
        assertThat(summary.getSha256().toByteArray()).isEqualTo(digest.digest());
        assertThat(summary.getInOrder()).isTrue();

        // and the plugin does notice a sequence out of order
        UploadSummary shuffled = upload(List.of(chunk(0), chunk(2), chunk(1)));
        assertThat(shuffled.getChunks()).isEqualTo(3);
        assertThat(shuffled.getInOrder()).isFalse();
    }

    /** Bidi: every message comes back with its sequence number, upper-cased, in order. */
    void bidi(int count) throws Exception {
        Collector<SessionMessage> replies = new Collector<>();
        StreamObserver<SessionMessage> requests = DataProcessorGrpc.newStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).interactiveSession(replies);
        for (int i = 0; i < count; i++) {
            requests.onNext(SessionMessage.newBuilder().setSequence(i).setText("message " + i).build());
        }
        requests.onCompleted();
        List<SessionMessage> received = replies.done.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(received).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(received.get(i).getSequence()).isEqualTo(i);
            assertThat(received.get(i).getText()).isEqualTo("MESSAGE " + i);
        }
    }

    private UploadSummary upload(List<DataChunk> chunks) throws Exception {
        Collector<UploadSummary> summary = new Collector<>();
        StreamObserver<DataChunk> requests = DataProcessorGrpc.newStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).uploadData(summary);
        chunks.forEach(requests::onNext);
        requests.onCompleted();
        List<UploadSummary> result = summary.done.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(result).hasSize(1);
        return result.get(0);
    }

    private static DataChunk chunk(long sequence) {
        return DataChunk.newBuilder().setSequence(sequence).setPayload(ByteString.copyFromUtf8("x")).build();
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    /** Collects a response stream; completes with everything received, or with the call's error. */
    private static final class Collector<T> implements StreamObserver<T> {
        private final List<T> received = new ArrayList<>();
        final CompletableFuture<List<T>> done = new CompletableFuture<>();

        @Override
        public synchronized void onNext(T value) {
            received.add(value);
        }

        @Override
        public synchronized void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public synchronized void onCompleted() {
            done.complete(List.copyOf(received));
        }
    }
}
