package dev.rpcplugin.protocol;

import dev.rpcplugin.protocol.wire.Empty;
import dev.rpcplugin.protocol.wire.GRPCControllerGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin side of {@code plugin.GRPCController}: answers {@code Shutdown} with {@code Empty} and then
 * runs the stop action the server supplied.
 *
 * <p>The action runs once, on a fresh thread of its own, after the reply has been handed to the
 * transport (or after the call was cancelled), so it may stop the very server that carries the call
 * and wait for it to terminate. Later {@code Shutdown} calls are answered but do not run it again.
 */
public final class ControllerService extends GRPCControllerGrpc.GRPCControllerImplBase {

    // slf4j 1.7 is made of Java 5 class files, which CDS cannot archive: starting it costs a plugin
    // milliseconds of its start, so it starts with the first line logged
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ControllerService.class);
    }

    private final Runnable stopAction;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /**
     * Creates the service.
     *
     * @param stopAction stops the plugin's gRPC server (and whatever else the plugin ends with it);
     *     may block
     * @throws NullPointerException if {@code stopAction} is null
     */
    public ControllerService(Runnable stopAction) {
        this.stopAction = Objects.requireNonNull(stopAction, "stopAction");
    }

    /** Whether a {@code Shutdown} call has been received. */
    public boolean shutdownRequested() {
        return stopRequested.get();
    }

    /** Answers {@code Empty}, then runs the stop action once the call is closed. */
    @Override
    public void shutdown(Empty request, StreamObserver<Empty> responseObserver) {
        Log.LOG.debug("shutdown requested by the host");
        ServerCallStreamObserver<Empty> call = (ServerCallStreamObserver<Empty>) responseObserver;
        // both handlers: whichever way the call ends, the stop still happens exactly once
        call.setOnCloseHandler(this::stopOnce);
        call.setOnCancelHandler(this::stopOnce);
        call.onNext(Empty.getDefaultInstance());
        call.onCompleted();
    }

    private void stopOnce() {
        if (!stopRequested.compareAndSet(false, true)) {
            return;
        }
        Thread stopper = new Thread(this::runStopAction, "rpcplugin-controller-shutdown");
        stopper.setDaemon(true);
        stopper.start();
    }

    private void runStopAction() {
        try {
            stopAction.run();
        } catch (RuntimeException e) {
            Log.LOG.warn("stop action after Shutdown failed", e);
        }
    }
}
