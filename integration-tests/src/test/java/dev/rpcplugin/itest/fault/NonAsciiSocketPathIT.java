package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A socket path with non-ASCII characters (a user's temporary directory named in their language) is
 * an ordinary path to the kernel and to go-plugin: the Go KV plugin listens there and the host must
 * connect. Found by {@link HandshakeFuzzIT}: grpc-java's target for a Unix socket address is a URI,
 * which such a path breaks, and the failure must not escape {@link PluginClient#start()} untyped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NonAsciiSocketPathIT {

    @Test
    void theHostConnectsToAPluginWhoseSocketPathIsNotAscii() throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("fna")) {
            Path tmp = Files.createDirectory(scratch.path().resolve("tmp-\u00e4\u00f6\u00fc-\u20ac"));
            try (PluginHost host = PluginHost.builder().socketDirectoryParent(tmp).build()) {
                PluginClient plugin = PluginClient.builder(host).command(FaultPrograms.go("kv-plugin").toString())
                        .magicCookie("BASIC_PLUGIN", "hello")
                        .hostEnvironmentAllowList(List.of("PATH", "HOME"))
                        // go-plugin 1.0.1 makes its socket in TMPDIR
                        .environment("TMPDIR", tmp.toString())
                        .environment("KV_PLUGIN_MEMORY", "1")
                        .startTimeout(Duration.ofSeconds(20))
                        // exit 0 is asserted: on a loaded machine even a Go plugin may miss the default 2 s
                        .stopGrace(Duration.ofSeconds(10))
                        .build();
                try {
                    plugin.start();
                    assertThat(plugin.address()).startsWith(tmp.toString());
                    KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(plugin.channel()).withDeadlineAfter(10,
                            TimeUnit.SECONDS);
                    kv.put(PutRequest.newBuilder().setKey("k").setValue(ByteString.copyFromUtf8("\u00e4")).build());
                    assertThat(kv.get(GetRequest.newBuilder().setKey("k").build()).getValue().toStringUtf8())
                            .isEqualTo("\u00e4");
                } finally {
                    plugin.kill();
                }
                assertThat(plugin.awaitExit(Duration.ofSeconds(5))).hasValue(0);
            }
            assertThat(ScratchDirectory.contentOf(tmp)).as("left in " + tmp).isEmpty();
        }
    }
}
