package dev.rpcplugin.protocol;

import dev.rpcplugin.protocol.wire.GRPCStdioGrpc;
import dev.rpcplugin.protocol.wire.StdioData;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host side of {@code plugin.GRPCStdio}: calls {@code StreamStdio} once and hands each chunk to the
 * stdout or stderr callback, in arrival order, one at a time.
 *
 * <p>Chunks with an unknown channel are dropped with a warning. The stream ends quietly (DEBUG log)
 * on {@code UNAVAILABLE}, {@code CANCELLED} and {@code UNIMPLEMENTED} (go-plugin before 1.1.0 has no
 * stdio service); any other error is logged as a warning. Either way {@link #finished()} completes
 * with the final status. A callback that throws is logged and the stream continues.
 */
public final class StdioConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StdioConsumer.class);

    private final Consumer<byte[]> stdout;
    private final Consumer<byte[]> stderr;
    private final CompletableFuture<Status> finished = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<com.google.protobuf.Empty> call;

    private StdioConsumer(Consumer<byte[]> stdout, Consumer<byte[]> stderr) {
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
    }

    /**
     * Starts streaming the plugin's output.
     *
     * @param channel the plugin's main channel
     * @param stdout receives {@code STDOUT} chunks
     * @param stderr receives {@code STDERR} chunks
     * @return the running consumer; close it to stop
     */
    public static StdioConsumer start(Channel channel, Consumer<byte[]> stdout, Consumer<byte[]> stderr) {
        Objects.requireNonNull(channel, "channel");
        StdioConsumer consumer = new StdioConsumer(stdout, stderr);
        GRPCStdioGrpc.newStub(channel).streamStdio(com.google.protobuf.Empty.getDefaultInstance(),
                consumer.new Receiver());
        return consumer;
    }

    /** Completes with the status the stream ended with ({@code OK} when the plugin ended it). */
    public CompletableFuture<Status> finished() {
        return finished;
    }

    /** Cancels the stream if it is still running. Idempotent. */
    @Override
    public void close() {
        ClientCallStreamObserver<com.google.protobuf.Empty> current = call;
        if (current != null && !finished.isDone()) {
            current.cancel("stdio consumer closed", null);
        }
    }

    private void deliver(StdioData data) {
        Consumer<byte[]> sink;
        switch (data.getChannel()) {
            case STDOUT -> sink = stdout;
            case STDERR -> sink = stderr;
            default -> {
                LOG.warn("dropping {} stdio bytes with unknown channel {}", data.getData().size(),
                        data.getChannelValue());
                return;
            }
        }
        try {
            sink.accept(data.getData().toByteArray());
        } catch (RuntimeException e) {
            LOG.warn("{} callback failed", data.getChannel(), e);
        }
    }

    private void end(Status status) {
        switch (status.getCode()) {
            case OK, UNAVAILABLE, CANCELLED, UNIMPLEMENTED -> LOG.debug("plugin stdio stream ended: {}", status);
            default -> LOG.warn("plugin stdio stream failed: {}", status);
        }
        finished.complete(status);
    }

    private final class Receiver implements ClientResponseObserver<com.google.protobuf.Empty, StdioData> {
        @Override
        public void beforeStart(ClientCallStreamObserver<com.google.protobuf.Empty> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(StdioData value) {
            deliver(value);
        }

        @Override
        public void onError(Throwable t) {
            end(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end(Status.OK);
        }
    }
}
