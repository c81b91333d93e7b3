package dev.rpcplugin.examples.kv.plugin;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.examples.support.InvalidKeyException;
import dev.rpcplugin.examples.support.ValueStore;
import dev.rpcplugin.server.PluginLogger;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;

/**
 * The KV service of go-plugin's example, answering as the Go example plugin does: a key never put is
 * {@code NOT_FOUND}, a key with {@code /} or NUL is {@code INVALID_ARGUMENT}.
 */
final class KvService extends KVGrpc.KVImplBase {

    private final ValueStore store;
    private volatile PluginLogger log;

    KvService(ValueStore store) {
        this.store = store;
    }

    void logTo(PluginLogger logger) {
        this.log = logger;
    }

    /** Like the Go example plugin: special keys log one line at a given level, to test forwarding. */
    private void logRequest(String operation, String key) {
        PluginLogger logger = log;
        if (logger == null) {
            return;
        }
        if (operation.equals("put")) {
            logger.info(operation, "key", key);
        } else {
            logger.debug(operation, "key", key);
        }
        switch (key) {
            case "trace-me" -> logger.trace("trace requested", "key", key);
            case "warn-me" -> logger.warn("warn requested", "key", key);
            case "error-me" -> logger.error("error requested", "key", key);
            default -> { }
        }
    }

    @Override
    public void put(PutRequest request, StreamObserver<Empty> response) {
        logRequest("put", request.getKey());
        try {
            store.put(request.getKey(), request.getValue().toByteArray());
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        } catch (InvalidKeyException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (IOException e) {
            response.onError(Status.INTERNAL.withDescription("put " + request.getKey() + ": " + e).asRuntimeException());
        }
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        logRequest("get", request.getKey());
        try {
            var value = store.get(request.getKey());
            if (value.isEmpty()) {
                response.onError(Status.NOT_FOUND.withDescription("no value stored for key \"" + request.getKey() + "\"")
                        .asRuntimeException());
                return;
            }
            response.onNext(GetResponse.newBuilder().setValue(ByteString.copyFrom(value.get())).build());
            response.onCompleted();
        } catch (InvalidKeyException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (IOException e) {
            response.onError(Status.INTERNAL.withDescription("get " + request.getKey() + ": " + e).asRuntimeException());
        }
    }
}
