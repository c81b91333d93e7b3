package dev.rpcplugin.examples.kv.plugin;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;

/** Package-time training run that writes {@code target/cds/kv-plugin.jsa}; argument: the module directory. */
public final class KvPluginTraining {

    /** What the training host does: Put, Get, and a Get of a missing key. */
    static final ArchiveTraining.Exercise EXERCISE = client -> {
        KVGrpc.KVBlockingStub kv = client.newStub(KVGrpc::newBlockingStub);
        kv.put(PutRequest.newBuilder().setKey("training").setValue(ByteString.copyFromUtf8("value")).build());
        if (!kv.get(GetRequest.newBuilder().setKey("training").build()).getValue().toStringUtf8().equals("value")) {
            throw new IllegalStateException("kv-plugin returned a wrong value while training");
        }
        try {
            kv.get(GetRequest.newBuilder().setKey("never-put").build());
            throw new IllegalStateException("kv-plugin found a key never put while training");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    };

    private KvPluginTraining() {
    }

    public static void main(String[] args) throws Exception {
        ArchiveTraining.trainPlugin(Path.of(args[0]), "kv-plugin", "BASIC_PLUGIN", "hello", EXERCISE);
    }
}
