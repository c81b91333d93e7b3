package dev.rpcplugin.itest.fault;

import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.SessionMessage;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code InteractiveSession} bidirectional stream of the streaming example, kept busy with a
 * fixed window of messages in flight: every reply is checked against the next expected sequence number
 * and text (the plugin echoes the message upper-cased), then the next message is sent. A reply out of
 * line is a lost, duplicated or reordered message and is recorded. {@link #stop()} lets the in-flight
 * messages come back and then half-closes. Thread-safe: sends and checks are serialized on this object.
 */
final class SequencedStream implements StreamObserver<SessionMessage> {

    private static final int MAX_RECORDED = 10;

    private final int id;
    private final int window;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final List<String> violations = new ArrayList<>();
    private StreamObserver<SessionMessage> requests;
    private long sent;
    private long received;
    private long violationCount;
    private boolean stopping;
    private boolean halfClosed;

    SequencedStream(int id, int window) {
        this.id = id;
        this.window = window;
    }

    /** Opens the stream on {@code channel} and sends the first window of messages. */
    synchronized void start(Channel channel) {
        requests = DataProcessorGrpc.newStub(channel).interactiveSession(this);
        for (int i = 0; i < window; i++) {
            sendNext();
        }
    }

    /** Stops sending; the stream half-closes once every sent message has come back. */
    synchronized void stop() {
        stopping = true;
        halfCloseWhenDrained();
    }

    /** Completes when the plugin ended the stream (exceptionally on a stream error). */
    CompletableFuture<Void> done() {
        return done;
    }

    synchronized long sent() {
        return sent;
    }

    synchronized long received() {
        return received;
    }

    synchronized long violationCount() {
        return violationCount;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public synchronized void onNext(SessionMessage reply) {
        long expected = received;
        String expectedText = text(expected).toUpperCase(Locale.ROOT);
        if (reply.getSequence() != expected || !reply.getText().equals(expectedText)) {
            violationCount++;
            if (violations.size() < MAX_RECORDED) {
                violations.add("stream " + id + ": expected #" + expected + " \"" + expectedText + "\", got #"
                        + reply.getSequence() + " \"" + reply.getText() + "\" ("
                        + (reply.getSequence() < expected ? "duplicate or reordered" : "lost or reordered") + ")");
            }
        }
        received++;
        if (!stopping) {
            sendNext();
        } else {
            halfCloseWhenDrained();
        }
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
        if (received != sent) {
            done.completeExceptionally(new AssertionError("stream " + id + " ended after " + received + " of " + sent
                    + " replies"));
        } else {
            done.complete(null);
        }
    }

    private void sendNext() {
        requests.onNext(SessionMessage.newBuilder().setSequence(sent).setText(text(sent)).build());
        sent++;
    }

    private void halfCloseWhenDrained() {
        if (!halfClosed && received == sent) {
            halfClosed = true;
            requests.onCompleted();
        }
    }

    // lower case, so that the echo's upper-casing is visible
    private String text(long sequence) {
        return "stream " + id + " message " + sequence + " of the soak";
    }
}
