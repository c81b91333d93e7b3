package dev.rpcplugin.itest.plugin;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.file.Files;
import java.nio.file.Path;

/** Answers {@code grpc.health.v1.Health/Check} with NOT_SERVING while a flag file exists. */
final class HealthFlag implements ServerInterceptor {

    private static final String CHECK = "grpc.health.v1.Health/Check";

    private final Path flag;

    HealthFlag(Path flag) {
        this.flag = flag;
    }

    @Override
    @SuppressWarnings("unchecked") // the Check method's response type is HealthCheckResponse
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (flag == null || !call.getMethodDescriptor().getFullMethodName().equals(CHECK) || !Files.exists(flag)) {
            return next.startCall(call, headers);
        }
        call.sendHeaders(new Metadata());
        call.sendMessage((R) HealthCheckResponse.newBuilder().setStatus(ServingStatus.NOT_SERVING).build());
        call.close(Status.OK, new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
