package dev.rpcplugin.bench;

import com.google.protobuf.ByteString;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import io.grpc.Channel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** go-plugin's KV example as both hosts use it: handshake, in-memory mode, the value stored. */
final class Kv {

    static final String COOKIE_KEY = "BASIC_PLUGIN";
    static final String COOKIE_VALUE = "hello";
    static final String MEMORY_ENV = "KV_PLUGIN_MEMORY";
    /** 16 bytes, as the Go bench hosts store. */
    static final ByteString VALUE = ByteString.copyFromUtf8("v".repeat(16));

    /** Chooses the example launcher's JVM profile for a Java plugin (ignored by the Go plugin). */
    static final String JVM_PROFILE_ENV = "RPCPLUGIN_JVM_PROFILE";

    private Kv() {
    }

    /** Starts a KV plugin (in-memory) through our host; returns once it is healthy. */
    static PluginClient launch(PluginHost host, List<String> command, boolean autoMtls) throws PluginStartException {
        return launch(host, command, autoMtls, Map.of());
    }

    /** As {@link #launch(PluginHost, List, boolean)}, with more variables in the plugin's environment. */
    static PluginClient launch(PluginHost host, List<String> command, boolean autoMtls, Map<String, String> environment)
            throws PluginStartException {
        return PluginClient.builder(host).command(command).magicCookie(COOKIE_KEY, COOKIE_VALUE).protocolVersions(1)
                .environment(MEMORY_ENV, "1").environment(environment).autoMtls(autoMtls).build().start();
    }

    static List<String> command(Path executable) {
        return List.of(executable.toString());
    }

    static PutRequest put(String key) {
        return PutRequest.newBuilder().setKey(key).setValue(VALUE).build();
    }

    static GetRequest get(String key) {
        return GetRequest.newBuilder().setKey(key).build();
    }

    /** One blocking Put with a 10 s deadline. */
    static void putOnce(Channel channel, String key) {
        KVGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).put(put(key));
    }
}
