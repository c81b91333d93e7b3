package dev.rpcplugin.server;

import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.protocol.ControllerClient;
import dev.rpcplugin.protocol.PluginShutdownException;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A minimal go-plugin host for the tests: one channel to the plugin's handshake address. */
public final class HostSide implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final TransportResources resources = TransportResources.create(1);
    private final ManagedChannel channel;

    public HostSide(String[] handshake) {
        this(handshake, null);
    }

    HostSide(String[] handshake, SslContext tls) {
        channel = PluginChannelBuilder.forAddress(resources, handshake[2], handshake[3]).sslContext(tls).build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    TransportResources resources() {
        return resources;
    }

    /** The service names the plugin lists through gRPC server reflection (v1). */
    public List<String> reflectedServices() throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        names.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        names.completeExceptionally(new IllegalStateException("no reflection answer"));
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        try {
            return names.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            requests.onCompleted();
        }
    }

    ServingStatus health(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    public KVGrpc.KVBlockingStub kv() {
        return KVGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void put(String key, String value) {
        kv().put(PutRequest.newBuilder().setKey(key).setValue(com.google.protobuf.ByteString.copyFromUtf8(value)).build());
    }

    String get(String key) {
        return kv().get(GetRequest.newBuilder().setKey(key).build()).getValue().toStringUtf8();
    }

    ControllerClient.Outcome shutdown() throws PluginShutdownException {
        return ControllerClient.shutdown(channel, CALL_TIMEOUT);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        resources.close();
    }
}
