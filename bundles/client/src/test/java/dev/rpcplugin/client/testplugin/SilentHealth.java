package dev.rpcplugin.client.testplugin;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A health service that takes every check and never answers: the host's start waits in its health
 * check. Each check creates {@code asked} (when given), so a test knows the host is waiting there.
 */
public final class SilentHealth extends HealthGrpc.HealthImplBase {

    private final Path asked;

    public SilentHealth(Path asked) {
        this.asked = asked;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responseObserver) {
        if (asked != null) {
            try {
                Files.writeString(asked, "asked\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // deliberately never answers
    }
}
