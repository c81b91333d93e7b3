package dev.rpcplugin.examples.streaming.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.ProcessRequest;
import dev.rpcplugin.examples.streaming.ProcessResponse;
import dev.rpcplugin.examples.streaming.SessionMessage;
import dev.rpcplugin.examples.streaming.StreamRequest;
import dev.rpcplugin.examples.streaming.UploadSummary;
import dev.rpcplugin.examples.support.testing.InProcess;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DataProcessorServiceTest {

    private InProcess server;

    @BeforeEach
    void serve() throws Exception {
        server = InProcess.serving(new DataProcessorService());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void processDataUpperCasesAndDigests() throws Exception {
        ByteString payload = ByteString.copyFromUtf8("hello, plugin 42");

        ProcessResponse response = DataProcessorGrpc.newBlockingStub(server.channel())
                .processData(ProcessRequest.newBuilder().setPayload(payload).build());

        assertThat(response.getPayload().toStringUtf8()).isEqualTo("HELLO, PLUGIN 42");
        assertThat(response.getSha256().toByteArray())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload.toByteArray()));
    }

    @Test
    void streamResultsSendsNumberedChunksOfTheAlphabet() {
        Iterator<DataChunk> chunks = DataProcessorGrpc.newBlockingStub(server.channel())
                .streamResults(StreamRequest.newBuilder().setCount(3).setChunkSize(28).build());

        List<DataChunk> received = new ArrayList<>();
        chunks.forEachRemaining(received::add);

        assertThat(received).extracting(DataChunk::getSequence).containsExactly(0L, 1L, 2L);
        assertThat(received).allSatisfy(chunk -> assertThat(chunk.getPayload().toStringUtf8())
                .isEqualTo("abcdefghijklmnopqrstuvwxyzab"));
    }

    @Test
    void streamResultsRefusesImpossibleSizes() {
        var blocking = DataProcessorGrpc.newBlockingStub(server.channel());

        assertThatThrownBy(() -> blocking.streamResults(StreamRequest.newBuilder().setCount(-1).build()).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("count=-1");
                });
    }

    @Test
    void uploadDataSummarisesWhatArrivedAndNoticesDisorder() throws Exception {
        var async = DataProcessorGrpc.newStub(server.channel());

        UploadSummary inOrder = upload(async, 0, 1, 2);
        UploadSummary shuffled = upload(async, 0, 2, 1);

        assertThat(inOrder.getChunks()).isEqualTo(3);
        assertThat(inOrder.getBytes()).isEqualTo(6);
        assertThat(inOrder.getInOrder()).isTrue();
        assertThat(inOrder.getSha256().toByteArray())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest("ababab".getBytes()));
        assertThat(shuffled.getInOrder()).isFalse();
    }

    @Test
    void interactiveSessionEchoesEachMessageUpperCased() throws Exception {
        Collector<SessionMessage> replies = new Collector<>();
        StreamObserver<SessionMessage> session = DataProcessorGrpc.newStub(server.channel()).interactiveSession(replies);

        session.onNext(SessionMessage.newBuilder().setSequence(7).setText("first").build());
        session.onNext(SessionMessage.newBuilder().setSequence(8).setText("second").build());
        session.onCompleted();

        assertThat(replies.await()).extracting(SessionMessage::getSequence, SessionMessage::getText)
                .containsExactly(tuple(7L, "FIRST"), tuple(8L, "SECOND"));
    }

    private static UploadSummary upload(DataProcessorGrpc.DataProcessorStub async, long... sequences)
            throws Exception {
        Collector<UploadSummary> summary = new Collector<>();
        StreamObserver<DataChunk> upload = async.uploadData(summary);
        for (long sequence : sequences) {
            upload.onNext(DataChunk.newBuilder().setSequence(sequence).setPayload(ByteString.copyFromUtf8("ab")).build());
        }
        upload.onCompleted();
        List<UploadSummary> answers = summary.await();
        assertThat(answers).hasSize(1);
        return answers.get(0);
    }
}
