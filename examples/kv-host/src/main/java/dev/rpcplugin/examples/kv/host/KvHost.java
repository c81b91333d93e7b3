package dev.rpcplugin.examples.kv.host;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.examples.support.CommandFailedException;
import dev.rpcplugin.examples.support.CommandLineHost;
import dev.rpcplugin.examples.support.HostSession;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * go-plugin's KV example host: {@code kv-host put KEY VALUE}, {@code kv-host get KEY} (prints the
 * value), {@code kv-host ping}. The plugin command comes from {@code KV_PLUGIN} and runs through
 * {@code sh -c}; {@code KV_MTLS=1} turns on AutoMTLS; {@code KV_HOST_LOG_LEVEL} sets the level of
 * the host's log on stderr (default info). Started by {@code bin/kv-host}.
 */
public final class KvHost {

    private KvHost() {
    }

    /**
     * Runs one command and exits: 0 on success, 1 on any failure.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        host().runAndExit(args);
    }

    static CommandLineHost host() {
        return CommandLineHost.builder("kv-host")
                .usage("usage: kv-host put KEY VALUE | get KEY | ping")
                .environment("KV_PLUGIN", "KV_MTLS", "KV_HOST_LOG_LEVEL")
                .handshake("BASIC_PLUGIN", "hello", 1)
                .command("put", 2, KvHost::put)
                .command("get", 1, KvHost::get)
                .build();
    }

    private static void put(HostSession session, List<String> args) throws CommandFailedException {
        KVGrpc.KVBlockingStub kv = session.stub(KVGrpc::newBlockingStub);
        PutRequest request = PutRequest.newBuilder()
                .setKey(args.get(0))
                .setValue(ByteString.copyFrom(args.get(1), StandardCharsets.UTF_8))
                .build();
        session.call("put \"" + args.get(0) + "\"", () -> kv.put(request));
    }

    private static void get(HostSession session, List<String> args) throws CommandFailedException {
        KVGrpc.KVBlockingStub kv = session.stub(KVGrpc::newBlockingStub);
        ByteString value = session.call("get \"" + args.get(0) + "\"",
                () -> kv.get(GetRequest.newBuilder().setKey(args.get(0)).build())).getValue();
        session.out().write(value.toByteArray(), 0, value.size());
        session.out().println();
    }
}
