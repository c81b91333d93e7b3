package dev.rpcplugin.itest.interop;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import io.grpc.Channel;
import java.util.concurrent.TimeUnit;

/** go-plugin's example {@code proto.KV} calls, each bounded by a deadline. */
final class Kv {

    private final Channel channel;

    Kv(Channel channel) {
        this.channel = channel;
    }

    private KVGrpc.KVBlockingStub stub() {
        return KVGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    void put(String key, String value) {
        stub().put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
    }

    String get(String key) {
        return stub().get(GetRequest.newBuilder().setKey(key).build()).getValue().toStringUtf8();
    }
}
