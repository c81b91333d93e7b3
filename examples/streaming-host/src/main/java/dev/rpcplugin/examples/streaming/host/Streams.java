package dev.rpcplugin.examples.streaming.host;

import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.SessionMessage;
import dev.rpcplugin.examples.streaming.UploadSummary;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The two calls in which the host streams: messages are sent only while the transport is ready
 * (resumed from its ready callback), so a slow plugin never makes the host buffer without bound.
 */
final class Streams {

    private Streams() {
    }

    /** {@code UploadData}: sends the chunks, completes with the plugin's summary. */
    static CompletableFuture<UploadSummary> upload(DataProcessorGrpc.DataProcessorStub stub, List<DataChunk> chunks) {
        CompletableFuture<UploadSummary> summary = new CompletableFuture<>();
        stub.uploadData(new Sender<>(chunks) {
            @Override
            public void onNext(UploadSummary value) {
                summary.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                summary.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                summary.completeExceptionally(new IllegalStateException("UploadData ended without a summary"));
            }
        });
        return summary;
    }

    /** {@code InteractiveSession}: sends the messages, completes with every reply once the plugin ends. */
    static CompletableFuture<List<SessionMessage>> converse(DataProcessorGrpc.DataProcessorStub stub,
            List<SessionMessage> messages) {
        CompletableFuture<List<SessionMessage>> done = new CompletableFuture<>();
        List<SessionMessage> replies = Collections.synchronizedList(new ArrayList<>());
        stub.interactiveSession(new Sender<>(messages) {
            @Override
            public void onNext(SessionMessage value) {
                replies.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(List.copyOf(replies));
            }
        });
        return done;
    }

    /** Feeds the request stream from the ready callback, then half-closes it. */
    private abstract static class Sender<Q, R> implements ClientResponseObserver<Q, R> {
        private final List<Q> items;
        private int next;
        private boolean halfClosed;

        Sender(List<Q> items) {
            this.items = items;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<Q> requests) {
            // runs on the call's serialised executor: never twice at once
            requests.setOnReadyHandler(() -> {
                while (next < items.size() && requests.isReady()) {
                    requests.onNext(items.get(next++));
                }
                if (next == items.size() && !halfClosed) {
                    halfClosed = true;
                    requests.onCompleted();
                }
            });
        }
    }
}
