package dev.rpcplugin.protocol;

import dev.rpcplugin.protocol.internal.StdioBuffer;
import dev.rpcplugin.protocol.wire.GRPCStdioGrpc;
import dev.rpcplugin.protocol.wire.StdioData;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Plugin side of {@code plugin.GRPCStdio}: two byte sinks, meant to become the plugin's
 * {@code System.out} and {@code System.err}, whose bytes are streamed to the host as
 * {@code StdioData} chunks of at most 1024 bytes tagged {@code STDOUT} or {@code STDERR}.
 *
 * <p><b>Buffering.</b> go-plugin blocks writers while nobody streams; a Java plugin must keep running
 * even if its host never calls {@code StreamStdio}. So writers never block: output waits in a buffer
 * bounded by a byte capacity (default {@value #DEFAULT_CAPACITY}), and when it is full the oldest
 * chunks are dropped and counted in {@link #droppedBytes()}. While a stream is open, chunks are sent
 * as fast as gRPC flow control allows; the rest waits in the buffer.
 *
 * <p>One stream at a time: a second {@code StreamStdio} while one is open fails with
 * {@code ALREADY_EXISTS}; after the first ends, a new one continues with what is still buffered.
 * All methods are thread-safe.
 */
public final class StdioService extends GRPCStdioGrpc.GRPCStdioImplBase implements AutoCloseable {

    /** Default buffer capacity in bytes. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final Object lock = new Object();
    private final StdioBuffer buffer;
    private final OutputStream stdout = new StdioSink(StdioData.Channel.STDOUT);
    private final OutputStream stderr = new StdioSink(StdioData.Channel.STDERR);
    // guarded by lock
    private ServerCallStreamObserver<StdioData> active;
    private boolean draining;
    private boolean closed;

    /** Creates the service with a buffer of {@value #DEFAULT_CAPACITY} bytes. */
    public StdioService() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates the service.
     *
     * @param capacityBytes most bytes buffered while the host does not read; at least 1024. Small writes
     *     to stdout and stderr by turns count for more than their bytes (at least 128 each), so that
     *     the memory held stays within the capacity
     * @throws IllegalArgumentException if {@code capacityBytes} is below 1024
     */
    public StdioService(int capacityBytes) {
        this.buffer = new StdioBuffer(capacityBytes);
    }

    /** The sink for the {@code STDOUT} channel. Never blocks; {@code flush} and {@code close} do nothing. */
    public OutputStream stdout() {
        return stdout;
    }

    /** The sink for the {@code STDERR} channel. Never blocks; {@code flush} and {@code close} do nothing. */
    public OutputStream stderr() {
        return stderr;
    }

    /** Bytes dropped so far: buffer overflow, or written after {@link #close()}. */
    public long droppedBytes() {
        synchronized (lock) {
            return buffer.droppedBytes();
        }
    }

    /** Whether a host is streaming right now. */
    public boolean streaming() {
        synchronized (lock) {
            return active != null;
        }
    }

    /**
     * Waits until every buffered byte has been handed to an open stream.
     *
     * @param timeout how long to wait at most
     * @return true if the buffer is empty, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!buffer.isEmpty() || draining) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Serves one host stream; see the class description. */
    @Override
    public void streamStdio(com.google.protobuf.Empty request, StreamObserver<StdioData> responseObserver) {
        ServerCallStreamObserver<StdioData> call = (ServerCallStreamObserver<StdioData>) responseObserver;
        // handlers first: once the call is published, writer threads may send on it
        call.setOnCancelHandler(() -> detach(call));
        call.setOnReadyHandler(this::drain);
        Status refusal = null;
        synchronized (lock) {
            if (closed) {
                refusal = Status.UNAVAILABLE.withDescription("stdio service is closed");
            } else if (active != null) {
                refusal = Status.ALREADY_EXISTS.withDescription("stdio is already being streamed to another caller");
            } else {
                active = call;
            }
        }
        if (refusal != null) {
            call.onError(refusal.asRuntimeException());
            return;
        }
        drain();
    }

    /** Ends the open stream (if any) normally and drops all later output. Idempotent. */
    @Override
    public void close() {
        ServerCallStreamObserver<StdioData> toComplete = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            buffer.clear();
            if (!draining) {
                // a running drain completes the stream itself when it sees the flag
                toComplete = active;
                active = null;
            }
            lock.notifyAll();
        }
        complete(toComplete);
    }

    private void write(StdioData.Channel channel, byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                buffer.countDropped(length);
                return;
            }
            buffer.append(channel, bytes, offset, length);
        }
        drain();
    }

    private void detach(ServerCallStreamObserver<StdioData> call) {
        synchronized (lock) {
            if (active == call) {
                active = null;
            }
            lock.notifyAll();
        }
    }

    // Only one thread sends at a time (the draining flag); onNext runs outside the lock so a reentrant
    // write (gRPC logging to a redirected System.err) only queues and returns.
    private void drain() {
        ServerCallStreamObserver<StdioData> target;
        synchronized (lock) {
            if (draining || active == null) {
                return;
            }
            draining = true;
            target = active;
        }
        while (true) {
            StdioData next;
            synchronized (lock) {
                if (closed || active != target || !target.isReady() || buffer.isEmpty()) {
                    draining = false;
                    boolean completeNow = closed && active == target;
                    if (completeNow) {
                        active = null;
                    }
                    lock.notifyAll();
                    if (!completeNow) {
                        return;
                    }
                    next = null;
                } else {
                    next = buffer.poll();
                }
            }
            if (next == null) {
                complete(target);
                return;
            }
            try {
                target.onNext(next);
            } catch (RuntimeException callGone) {
                // the call ended under us; the next round sees it detached and stops
                detach(target);
            }
        }
    }

    private static void complete(ServerCallStreamObserver<StdioData> call) {
        if (call == null) {
            return;
        }
        try {
            call.onCompleted();
        } catch (RuntimeException alreadyClosed) {
            // the host cancelled at the same moment; nothing left to end
        }
    }

    /** One channel's sink; thread-safe through the service's lock. */
    private final class StdioSink extends OutputStream {
        private final StdioData.Channel channel;

        StdioSink(StdioData.Channel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) {
            StdioService.this.write(channel, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            StdioService.this.write(channel, bytes, offset, length);
        }
    }
}
