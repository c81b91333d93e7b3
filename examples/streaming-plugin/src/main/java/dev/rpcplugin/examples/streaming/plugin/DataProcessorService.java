package dev.rpcplugin.examples.streaming.plugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import com.google.protobuf.ByteString;

import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.ProcessRequest;
import dev.rpcplugin.examples.streaming.ProcessResponse;
import dev.rpcplugin.examples.streaming.SessionMessage;
import dev.rpcplugin.examples.streaming.StreamRequest;
import dev.rpcplugin.examples.streaming.UploadSummary;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The data processor: every gRPC call shape, with flow control on the server stream. */
final class DataProcessorService extends DataProcessorGrpc.DataProcessorImplBase {

    static final int MAX_CHUNK_SIZE = 4 * 1024 * 1024;

    @Override
    public void processData(ProcessRequest request, StreamObserver<ProcessResponse> response) {
        byte[] payload = request.getPayload().toByteArray();
        byte[] upper = new String(payload, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT)
                .getBytes(StandardCharsets.ISO_8859_1);
        response.onNext(ProcessResponse.newBuilder()
                .setPayload(ByteString.copyFrom(upper))
                .setSha256(ByteString.copyFrom(sha256().digest(payload)))
                .build());
        response.onCompleted();
    }

    @Override
    public void streamResults(StreamRequest request, StreamObserver<DataChunk> response) {
        if (request.getCount() < 0 || request.getChunkSize() < 0 || request.getChunkSize() > MAX_CHUNK_SIZE) {
            response.onError(Status.INVALID_ARGUMENT
                    .withDescription("count must be >= 0 and chunk_size in 0.." + MAX_CHUNK_SIZE + ", got count="
                            + request.getCount() + " chunk_size=" + request.getChunkSize())
                    .asRuntimeException());
            return;
        }
        new ChunkSender((ServerCallStreamObserver<DataChunk>) response, request.getCount(),
                patternOf(request.getChunkSize())).start();
    }

    @Override
    public StreamObserver<DataChunk> uploadData(StreamObserver<UploadSummary> response) {
        return new StreamObserver<>() {
            private final MessageDigest digest = sha256();
            private long chunks;
            private long bytes;
            private boolean inOrder = true;

            @Override
            public void onNext(DataChunk chunk) {
                inOrder &= chunk.getSequence() == chunks;
                chunks++;
                bytes += chunk.getPayload().size();
                chunk.getPayload().asReadOnlyByteBufferList().forEach(digest::update);
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; nothing to answer.
            }

            @Override
            public void onCompleted() {
                response.onNext(UploadSummary.newBuilder()
                        .setChunks(chunks)
                        .setBytes(bytes)
                        .setSha256(ByteString.copyFrom(digest.digest()))
                        .setInOrder(inOrder)
                        .build());
                response.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<SessionMessage> interactiveSession(StreamObserver<SessionMessage> response) {
        return new StreamObserver<>() {
            @Override
            public void onNext(SessionMessage message) {
                response.onNext(message.toBuilder().setText(message.getText().toUpperCase(Locale.ROOT)).build());
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; nothing to answer.
            }

            @Override
            public void onCompleted() {
                response.onCompleted();
            }
        };
    }

    private static ByteString patternOf(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return ByteString.copyFrom(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Sends while the transport is ready, resumes from the on-ready callback: bounded memory at any speed. */
    private static final class ChunkSender implements Runnable {
        private final ServerCallStreamObserver<DataChunk> response;
        private final int count;
        private final ByteString payload;
        private int sent;
        private boolean done;

        ChunkSender(ServerCallStreamObserver<DataChunk> response, int count, ByteString payload) {
            this.response = response;
            this.count = count;
            this.payload = payload;
        }

        void start() {
            response.setOnCancelHandler(() -> done = true);
            response.setOnReadyHandler(this);
            run();
        }

        // Runs on the call's serialized executor: no two runs at once.
        @Override
        public void run() {
            while (!done && sent < count && response.isReady()) {
                response.onNext(DataChunk.newBuilder().setSequence(sent).setPayload(payload).build());
                sent++;
            }
            if (!done && sent == count) {
                done = true;
                response.onCompleted();
            }
        }
    }
}
