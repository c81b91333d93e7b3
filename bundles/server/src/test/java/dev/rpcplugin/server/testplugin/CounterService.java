package dev.rpcplugin.server.testplugin;

import dev.rpcplugin.examples.counter.AddHelperGrpc;
import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.Empty;
import dev.rpcplugin.examples.counter.GetRequest;
import dev.rpcplugin.examples.counter.GetResponse;
import dev.rpcplugin.examples.counter.PutRequest;
import dev.rpcplugin.examples.counter.SumRequest;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.server.ServeContext;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * go-plugin's bidirectional example, plugin side: {@code Put} dials the host's {@code AddHelper} on
 * the broker id in {@code add_server} and stores {@code Sum(current, value)}; counters live in memory.
 */
final class CounterService extends CounterGrpc.CounterImplBase {

    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final Broker broker;
    private final PluginLogger log;

    CounterService(ServeContext context) {
        this.broker = context.broker();
        this.log = context.logger().named("counter");
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        response.onNext(GetResponse.newBuilder().setValue(counters.getOrDefault(request.getKey(), 0L)).build());
        response.onCompleted();
    }

    @Override
    public void put(PutRequest request, StreamObserver<Empty> response) {
        long current = counters.getOrDefault(request.getKey(), 0L);
        ManagedChannel channel = null;
        try {
            channel = broker.dial(request.getAddServer());
            long sum = AddHelperGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .sum(SumRequest.newBuilder().setA(current).setB(request.getValue()).build()).getR();
            counters.put(request.getKey(), sum);
            log.info("put", "key", request.getKey(), "value", request.getValue(), "sum", sum);
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        } catch (Exception e) {
            log.error("add helper failed", "error", e);
            response.onError(Status.UNAVAILABLE.withDescription("AddHelper.Sum via broker id "
                    + Integer.toUnsignedString(request.getAddServer()) + ": " + e).asRuntimeException());
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }
}
