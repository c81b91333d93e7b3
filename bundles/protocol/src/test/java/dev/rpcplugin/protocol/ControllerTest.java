package dev.rpcplugin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.protocol.wire.Empty;
import dev.rpcplugin.protocol.wire.GRPCControllerGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ControllerTest {

    @Test
    void shutdownRepliesThenStopsTheServer() throws Exception {
        AtomicReference<UnixGrpc> grpc = new AtomicReference<>();
        AtomicInteger stops = new AtomicInteger();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        ControllerService service = new ControllerService(() -> {
            stops.incrementAndGet();
            try {
                grpc.get().server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
                stopped.complete(null);
            } catch (InterruptedException e) {
                stopped.completeExceptionally(e);
            }
        });
        try (UnixGrpc g = new UnixGrpc(service)) {
            grpc.set(g);
            ControllerClient.Outcome outcome = ControllerClient.shutdown(g.channel, Duration.ofSeconds(5));

            assertThat(outcome).isEqualTo(ControllerClient.Outcome.REPLIED);
            stopped.get(5, TimeUnit.SECONDS);
            assertThat(g.server.isTerminated()).isTrue();
            assertThat(service.shutdownRequested()).isTrue();
            assertThat(stops).hasValue(1);
        }
    }

    @Test
    void transportClosingDuringShutdownCountsAsSuccess() throws Exception {
        // behaves like a Go plugin: stops its server hard inside the handler, the reply never leaves
        AtomicReference<UnixGrpc> grpc = new AtomicReference<>();
        GRPCControllerGrpc.GRPCControllerImplBase goLike = new GRPCControllerGrpc.GRPCControllerImplBase() {
            @Override
            public void shutdown(Empty request, StreamObserver<Empty> responseObserver) {
                grpc.get().server.shutdownNow();
            }
        };
        try (UnixGrpc g = new UnixGrpc(goLike)) {
            grpc.set(g);
            assertThat(ControllerClient.shutdown(g.channel, Duration.ofSeconds(5)))
                    .isEqualTo(ControllerClient.Outcome.CONNECTION_CLOSED);
            assertThat(g.server.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void serverAlreadyGoneCountsAsSuccess() throws Exception {
        try (UnixGrpc g = new UnixGrpc(new ControllerService(() -> { }))) {
            g.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            assertThat(ControllerClient.shutdown(g.channel, Duration.ofSeconds(5)))
                    .isEqualTo(ControllerClient.Outcome.CONNECTION_CLOSED);
        }
    }

    @Test
    void missingControllerIsReported() throws Exception {
        try (UnixGrpc g = new UnixGrpc(new StdioService())) {
            assertThatThrownBy(() -> ControllerClient.shutdown(g.channel, Duration.ofSeconds(5)))
                    .isInstanceOf(PluginShutdownException.class)
                    .hasMessageContaining("UNIMPLEMENTED")
                    .extracting(e -> ((PluginShutdownException) e).status().getCode())
                    .isEqualTo(Status.Code.UNIMPLEMENTED);
        }
    }

    @Test
    void deadlineIsReported() throws Exception {
        GRPCControllerGrpc.GRPCControllerImplBase hanging = new GRPCControllerGrpc.GRPCControllerImplBase() {
            @Override
            public void shutdown(Empty request, StreamObserver<Empty> responseObserver) {
                // never answers
            }
        };
        try (UnixGrpc g = new UnixGrpc(hanging)) {
            assertThatThrownBy(() -> ControllerClient.shutdown(g.channel, Duration.ofMillis(200)))
                    .isInstanceOf(PluginShutdownException.class)
                    .hasMessageContaining("DEADLINE_EXCEEDED");
        }
    }

    @Test
    void secondShutdownIsAnsweredButStopsOnlyOnce() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        ControllerService service = new ControllerService(() -> {
            stops.incrementAndGet();
            ran.countDown();
        });
        try (UnixGrpc g = new UnixGrpc(service)) {
            ControllerClient.shutdown(g.channel, Duration.ofSeconds(5));
            ControllerClient.shutdown(g.channel, Duration.ofSeconds(5));
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(stops).hasValue(1);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> new ControllerService(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("stopAction");
        assertThatThrownBy(() -> ControllerClient.shutdown(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("channel");
    }

    @Test
    void nonPositiveDeadlineIsRejected() throws Exception {
        try (UnixGrpc g = new UnixGrpc()) {
            assertThatThrownBy(() -> ControllerClient.shutdown(g.channel, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        }
    }
}
