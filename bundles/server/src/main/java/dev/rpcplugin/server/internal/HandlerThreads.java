package dev.rpcplugin.server.internal;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The threads running an app's handler code right now. A handler that calls {@code System.exit} never
 * returns: its call would hold the teardown's grace and the JVM's exit for their whole bounds, where a
 * Go plugin's {@code os.Exit} ends at once.
 */
final class HandlerThreads implements ServerInterceptor {

    private final Map<Thread, Integer> running = new ConcurrentHashMap<>();

    /** Whether one of the handlers called {@code System.exit} (or {@code Runtime.exit}) and waits in it. */
    boolean anyInExit() {
        for (Thread thread : running.keySet()) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if ("java.lang.Shutdown".equals(frame.getClassName()) && "exit".equals(frame.getMethodName())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        ServerCall.Listener<ReqT> listener = run(() -> next.startCall(call, headers)); // streaming handlers run here
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(ReqT message) {
                run(() -> {
                    super.onMessage(message);
                    return null;
                });
            }

            @Override
            public void onHalfClose() {
                run(() -> {
                    super.onHalfClose();
                    return null;
                });
            }

            @Override
            public void onCancel() {
                run(() -> {
                    super.onCancel();
                    return null;
                });
            }

            @Override
            public void onComplete() {
                run(() -> {
                    super.onComplete();
                    return null;
                });
            }

            @Override
            public void onReady() {
                run(() -> {
                    super.onReady();
                    return null;
                });
            }
        };
    }

    private <T> T run(Supplier<T> callback) {
        Thread current = Thread.currentThread();
        running.merge(current, 1, Integer::sum); // a handler may run another in-process call on its thread
        try {
            return callback.get();
        } finally {
            running.computeIfPresent(current, (thread, depth) -> depth == 1 ? null : depth - 1);
        }
    }
}
