package dev.rpcplugin.examples.kv.consumer.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;

import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** The KV service over a map, as the example plugin answers: a key never put is NOT_FOUND. */
final class MemoryKv extends KVGrpc.KVImplBase {

    final Map<String, ByteString> values = new ConcurrentHashMap<>();
    volatile Deadline lastDeadline;

    @Override
    public void put(PutRequest request, StreamObserver<Empty> response) {
        lastDeadline = Context.current().getDeadline();
        values.put(request.getKey(), request.getValue());
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        lastDeadline = Context.current().getDeadline();
        ByteString value = values.get(request.getKey());
        if (value == null) {
            response.onError(Status.NOT_FOUND.withDescription("no value for key \"" + request.getKey() + "\"")
                    .asRuntimeException());
            return;
        }
        response.onNext(GetResponse.newBuilder().setValue(value).build());
        response.onCompleted();
    }
}
