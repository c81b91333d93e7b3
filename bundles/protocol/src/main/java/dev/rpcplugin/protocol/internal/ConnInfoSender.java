package dev.rpcplugin.protocol.internal;

import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.protocol.wire.ConnInfo;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending half of the broker stream. Before the first stream is attached, infos are queued (a
 * plugin may accept before its host has opened the stream); while a stream is attached they are sent
 * at once; after it ended or the broker closed, sending fails. All sends happen under one lock, so
 * gRPC never sees concurrent calls on the stream. Thread-safe.
 */
public final class ConnInfoSender {

    private enum State { WAITING, OPEN, ENDED, CLOSED }

    private final String peer;
    // guarded by this
    private State state = State.WAITING;
    private StreamObserver<ConnInfo> stream;
    private String endReason = "";
    private final List<ConnInfo> queued = new ArrayList<>();

    /**
     * @param peer names the other side in error messages ("host" or "plugin")
     */
    public ConnInfoSender(String peer) {
        this.peer = peer;
    }

    /**
     * Makes a stream the current one and sends what was queued.
     *
     * @return false if a stream is already open or the sender is closed (the caller refuses the new one)
     */
    public synchronized boolean attach(StreamObserver<ConnInfo> newStream) {
        if (state == State.OPEN || state == State.CLOSED) {
            return false;
        }
        stream = newStream;
        state = State.OPEN;
        endReason = "";
        try {
            queued.forEach(newStream::onNext);
        } catch (RuntimeException e) {
            state = State.ENDED;
            stream = null;
        }
        queued.clear();
        return true;
    }

    /** Sends an info, or queues it while waiting for the first stream. */
    public synchronized void send(ConnInfo info) throws BrokerException {
        switch (state) {
            case WAITING -> queued.add(info);
            case OPEN -> {
                try {
                    stream.onNext(info);
                } catch (RuntimeException e) {
                    endNow();
                    throw new BrokerException("broker stream to the " + peer + " failed while sending info for id "
                            + Integer.toUnsignedString(info.getServiceId()) + ": " + e.getMessage(), e);
                }
            }
            case ENDED -> throw new BrokerException("broker stream to the " + peer + " has ended" + endReason
                    + "; cannot announce broker id " + Integer.toUnsignedString(info.getServiceId()));
            case CLOSED -> throw new BrokerException("broker is closed; cannot announce broker id "
                    + Integer.toUnsignedString(info.getServiceId()));
        }
    }

    /**
     * The given stream ended (the peer completed or failed it); later sends fail until a new attach.
     *
     * @param which the stream that ended; ignored unless it is the current one
     * @param reason why, for error messages (e.g. the gRPC status), or empty
     */
    public synchronized void ended(StreamObserver<ConnInfo> which, String reason) {
        if (state == State.OPEN && stream == which) {
            endNow();
            endReason = reason.isEmpty() ? "" : " (" + reason + ")";
        }
    }

    /** The peer completed the given stream; completes our half too so the call ends cleanly. */
    public synchronized void peerCompleted(StreamObserver<ConnInfo> which) {
        if (state == State.OPEN && stream == which) {
            try {
                which.onCompleted();
            } catch (RuntimeException alreadyGone) {
                // the call was cancelled at the same moment
            }
            endNow();
        }
    }

    /** Whether a stream is attached right now. */
    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /** Completes the open stream, if any, and refuses all later sends. Idempotent. */
    public synchronized void close() {
        if (state == State.OPEN) {
            try {
                stream.onCompleted();
            } catch (RuntimeException alreadyGone) {
                // the peer cancelled at the same moment
            }
        }
        state = State.CLOSED;
        stream = null;
        queued.clear();
    }

    private void endNow() {
        state = State.ENDED;
        stream = null;
    }
}
