package dev.rpcplugin.server.testplugin;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.server.ServeContext;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * In-memory {@code proto.KV}. Some keys also have side effects the tests look for:
 * {@code stdout}/{@code stderr} print the value with {@code System.out}/{@code System.err},
 * {@code log} logs it through the plugin logger, {@code jul} through java.util.logging,
 * {@code syslog} through {@code System.Logger}; {@code exit} calls {@code System.exit} with the value
 * from the handler; {@code crash-thread} throws the value from a new thread; {@code dial} (value: a broker id) dials that id
 * through the plugin's broker and stores the host's health status under {@code dial-result}.
 * {@code Get("version")} answers the app protocol version; {@code Get("shared:KEY")} answers whether the
 * value stored under KEY shares an array larger than itself (its request was parsed with one copy).
 */
final class KvService extends KVGrpc.KVImplBase {

    private final Map<String, ByteString> values = new ConcurrentHashMap<>();
    private final PluginLogger log;
    private final Broker broker;

    KvService(ServeContext context) {
        this.log = context.logger().named("kv");
        this.broker = context.broker();
        values.put("version", ByteString.copyFromUtf8(Integer.toString(context.protocolVersion())));
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        String key = request.getKey();
        ByteString value;
        if (key.startsWith("shared:")) {
            ByteString stored = values.getOrDefault(key.substring(7), ByteString.EMPTY);
            value = ByteString.copyFromUtf8(String.valueOf(stored.asReadOnlyByteBuffer().capacity() > stored.size()));
        } else {
            value = values.getOrDefault(key, ByteString.EMPTY);
        }
        response.onNext(GetResponse.newBuilder().setValue(value).build());
        response.onCompleted();
    }

    @Override
    public void put(PutRequest request, StreamObserver<Empty> response) {
        String text = request.getValue().toString(StandardCharsets.UTF_8);
        switch (request.getKey()) {
            case "stdout" -> System.out.println(text);
            case "stderr" -> System.err.println(text);
            case "log" -> log.info("put", "key", request.getKey(), "value", text);
            case "jul" -> java.util.logging.Logger.getLogger("test.jul").warning(text);
            case "syslog" -> System.getLogger("test.system").log(System.Logger.Level.INFO, text);
            case "crash-thread" -> {
                Thread crashing = new Thread(() -> {
                    throw new IllegalStateException(text);
                }, "crashing-worker");
                crashing.start();
            }
            case "exit" -> System.exit(Integer.parseInt(text));
            case "dial" -> values.put("dial-result", ByteString.copyFromUtf8(dialHost(Integer.parseInt(text))));
            default -> values.put(request.getKey(), request.getValue());
        }
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    private String dialHost(int brokerId) {
        ManagedChannel channel = null;
        try {
            channel = broker.dial(brokerId);
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus().name();
        } catch (Exception e) {
            return "failed: " + e;
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }
}
