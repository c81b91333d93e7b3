package dev.rpcplugin.examples.streaming.plugin;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.ProcessRequest;
import dev.rpcplugin.examples.streaming.SessionMessage;
import dev.rpcplugin.examples.streaming.StreamRequest;
import dev.rpcplugin.examples.streaming.UploadSummary;
import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;

/**
 * Package-time training run that writes {@code target/cds/streaming-plugin.jsa}: each call shape
 * once, over AutoMTLS. Argument: the module directory.
 */
public final class StreamingPluginTraining {

    private StreamingPluginTraining() {
    }

    public static void main(String[] args) throws Exception {
        ArchiveTraining.trainPlugin(Path.of(args[0]), "streaming-plugin", StreamingPlugin.COOKIE_KEY,
                StreamingPlugin.COOKIE_VALUE, client -> {
                    DataProcessorGrpc.DataProcessorBlockingStub blocking =
                            client.newStub(DataProcessorGrpc::newBlockingStub);
                    blocking.processData(ProcessRequest.newBuilder().setPayload(ByteString.copyFromUtf8("abc")).build());
                    blocking.streamResults(StreamRequest.newBuilder().setCount(4).setChunkSize(1024).build())
                            .forEachRemaining(chunk -> { });
                    DataProcessorGrpc.DataProcessorStub async = client.newStub(DataProcessorGrpc::newStub);
                    Collector<UploadSummary> summary = new Collector<>();
                    StreamObserver<DataChunk> upload = async.uploadData(summary);
                    for (int i = 0; i < 4; i++) {
                        upload.onNext(DataChunk.newBuilder().setSequence(i).setPayload(ByteString.copyFromUtf8("x")).build());
                    }
                    upload.onCompleted();
                    summary.await();
                    Collector<SessionMessage> replies = new Collector<>();
                    StreamObserver<SessionMessage> session = async.interactiveSession(replies);
                    session.onNext(SessionMessage.newBuilder().setSequence(0).setText("hello").build());
                    session.onCompleted();
                    replies.await();
                });
    }
}
