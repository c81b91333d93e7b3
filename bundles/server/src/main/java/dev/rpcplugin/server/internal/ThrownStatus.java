package dev.rpcplugin.server.internal;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

/**
 * A {@link StatusRuntimeException} that an app's handler throws ends its call with that status and
 * trailers, as a Go plugin's {@code status.Error} does; grpc-java alone would send UNKNOWN
 * "Application error processing RPC". The call is closed on the thread that ran the handler, as
 * grpc-java closes it for any other exception. Other exceptions, and a status thrown after the handler
 * closed the call itself, go on to grpc-java.
 */
final class ThrownStatus implements ServerInterceptor {

    static final ThrownStatus INSTANCE = new ThrownStatus();

    private ThrownStatus() {
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        ServerCall.Listener<ReqT> listener;
        try {
            listener = next.startCall(call, headers); // streaming requests run the handler here
        } catch (RuntimeException e) {
            closeOrRethrow(call, e);
            return new ServerCall.Listener<>() {
            };
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(ReqT message) {
                try {
                    super.onMessage(message);
                } catch (RuntimeException e) {
                    closeOrRethrow(call, e);
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException e) {
                    closeOrRethrow(call, e);
                }
            }

            @Override
            public void onReady() {
                try {
                    super.onReady();
                } catch (RuntimeException e) {
                    closeOrRethrow(call, e);
                }
            }
        };
    }

    // the thrown exception alone: Status.fromThrowable would search its causes and say UNKNOWN for anything
    private static void closeOrRethrow(ServerCall<?, ?> call, RuntimeException thrown) {
        if (!(thrown instanceof StatusRuntimeException status)) {
            throw thrown;
        }
        Metadata trailers = status.getTrailers();
        try {
            call.close(status.getStatus(), trailers != null ? trailers : new Metadata());
        } catch (IllegalStateException alreadyClosed) {
            throw thrown;
        }
    }
}
