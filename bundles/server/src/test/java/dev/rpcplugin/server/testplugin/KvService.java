package dev.rpcplugin.server.testplugin;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.server.PluginLogger;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory {@code proto.KV}. Some keys also have side effects the tests look for:
 * {@code stdout}/{@code stderr} print the value with {@code System.out}/{@code System.err},
 * {@code log} logs it through the plugin logger, {@code jul} through java.util.logging,
 * {@code syslog} through {@code System.Logger}. {@code Get("version")} answers the app protocol version.
 */
final class KvService extends KVGrpc.KVImplBase {

    private final Map<String, ByteString> values = new ConcurrentHashMap<>();
    private final PluginLogger log;

    KvService(PluginLogger log, int version) {
        this.log = log;
        values.put("version", ByteString.copyFromUtf8(Integer.toString(version)));
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        response.onNext(GetResponse.newBuilder()
                .setValue(values.getOrDefault(request.getKey(), ByteString.EMPTY)).build());
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
            default -> values.put(request.getKey(), request.getValue());
        }
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }
}
