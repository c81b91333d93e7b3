package dev.rpcplugin.examples.counter.plugin;

import dev.rpcplugin.examples.counter.AddHelperGrpc;
import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.Empty;
import dev.rpcplugin.examples.counter.GetRequest;
import dev.rpcplugin.examples.counter.GetResponse;
import dev.rpcplugin.examples.counter.PutRequest;
import dev.rpcplugin.examples.counter.SumRequest;
import dev.rpcplugin.examples.support.InvalidKeyException;
import dev.rpcplugin.examples.support.ValueStore;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.server.PluginLogger;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code proto.Counter} as the Go counter plugin answers it: {@code Put} reads the counter, asks the
 * host's {@code AddHelper} (broker id {@code add_server}) for {@code Sum(current, value)} and stores
 * the result; {@code Get} of a counter never set is 0. One {@code Put} or {@code Get} at a time, so
 * that read, add and write are atomic.
 */
final class CounterService extends CounterGrpc.CounterImplBase {

    private static final long SUM_TIMEOUT_SECONDS = 30;

    private final ValueStore store;
    private final Broker broker;
    private final PluginLogger log;
    private final Object lock = new Object();

    CounterService(ValueStore store, Broker broker, PluginLogger log) {
        this.store = store;
        this.broker = broker;
        this.log = log;
    }

    @Override
    public void put(PutRequest request, StreamObserver<Empty> response) {
        String key = request.getKey();
        try {
            synchronized (lock) {
                long sum = sum(request.getAddServer(), key, read(key), request.getValue());
                log.info("put", "key", key, "value", request.getValue(), "sum", sum);
                write(key, sum);
            }
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        } catch (StatusException e) {
            response.onError(e);
        }
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        log.debug("get", "key", request.getKey());
        try {
            long value;
            synchronized (lock) {
                value = read(request.getKey());
            }
            response.onNext(GetResponse.newBuilder().setValue(value).build());
            response.onCompleted();
        } catch (StatusException e) {
            response.onError(e);
        }
    }

    private long sum(int brokerId, String key, long current, long value) throws StatusException {
        String id = Integer.toUnsignedString(brokerId);
        ManagedChannel channel;
        try {
            channel = broker.dial(brokerId);
        } catch (BrokerException e) {
            throw failed(key, "dial add helper (broker id " + id + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(key, "interrupted while dialling the add helper (broker id " + id + ")");
        }
        try {
            return AddHelperGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(SUM_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .sum(SumRequest.newBuilder().setA(current).setB(value).build())
                    .getR();
        } catch (StatusRuntimeException e) {
            log.error("add helper failed", "key", key, "error", e.getStatus());
            throw failed(key, "AddHelper.Sum via broker id " + id + ": " + e.getStatus().getCode() + ": "
                    + e.getStatus().getDescription());
        } finally {
            channel.shutdownNow();
        }
    }

    private static StatusException failed(String key, String why) {
        return Status.UNAVAILABLE.withDescription("put \"" + key + "\": " + why).asException();
    }

    private long read(String key) throws StatusException {
        Optional<byte[]> raw;
        try {
            raw = store.get(key);
        } catch (InvalidKeyException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("reading counter \"" + key + "\": " + e).asException();
        }
        if (raw.isEmpty()) {
            return 0;
        }
        String text = new String(raw.get(), StandardCharsets.UTF_8);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Status.DATA_LOSS.withDescription("stored counter \"" + key + "\" is not an integer: \"" + text
                    + "\"").asException();
        }
    }

    private void write(String key, long value) throws StatusException {
        try {
            store.put(key, Long.toString(value).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("writing counter \"" + key + "\": " + e).asException();
        }
    }
}
