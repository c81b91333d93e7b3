package dev.rpcplugin.runtime.internal;

import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * go-plugin's {@code Ping}, asynchronous: {@code grpc.health.v1.Health/Check} for service {@code plugin}
 * with a deadline. Never blocks the caller.
 */
final class HealthCheck {

    /** The health service name go-plugin hosts check. */
    static final String SERVICE = "plugin";

    private static final HealthCheckRequest REQUEST = HealthCheckRequest.newBuilder().setService(SERVICE).build();

    private HealthCheck() {
    }

    /**
     * @return the answered status, or a failure with the call's {@code StatusRuntimeException}
     */
    static CompletableFuture<ServingStatus> check(Channel channel, Duration timeout) {
        CompletableFuture<ServingStatus> result = new CompletableFuture<>();
        // the answer only completes the future: take it on the receiving thread, not grpc's shared pool
        HealthGrpc.newStub(channel).withExecutor(Runnable::run)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .check(REQUEST, new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse response) {
                        result.complete(response.getStatus());
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new IllegalStateException("health check ended without an answer"));
                    }
                });
        return result;
    }
}
