package dev.rpcplugin.examples.kv.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.examples.support.FileValueStore;
import dev.rpcplugin.examples.support.MemoryValueStore;
import dev.rpcplugin.examples.support.testing.InProcess;
import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.PluginLogger;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvServiceTest {

    private static PutRequest put(String key, String value) {
        return PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
    }

    private static GetRequest get(String key) {
        return GetRequest.newBuilder().setKey(key).build();
    }

    @Test
    void putThenGetReturnsTheValueFromItsFile(@TempDir Path dir) throws Exception {
        try (InProcess server = InProcess.serving(new KvService(new FileValueStore(dir, "kv_")))) {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel());

            kv.put(put("greeting", "hello"));

            assertThat(kv.get(get("greeting")).getValue().toStringUtf8()).isEqualTo("hello");
            assertThat(Files.readString(dir.resolve("kv_greeting"))).isEqualTo("hello");
        }
    }

    @Test
    void aKeyNeverPutIsNotFoundAsInTheGoExample() throws Exception {
        try (InProcess server = InProcess.serving(new KvService(new MemoryValueStore()))) {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel());

            assertThatThrownBy(() -> kv.get(get("nope"))).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(e.getStatus().getDescription()).isEqualTo("no value stored for key \"nope\"");
            });
        }
    }

    @Test
    void aKeyWithASlashIsAnInvalidArgument() throws Exception {
        try (InProcess server = InProcess.serving(new KvService(new MemoryValueStore()))) {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel());

            assertThatThrownBy(() -> kv.put(put("a/b", "x"))).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
            assertThatThrownBy(() -> kv.get(get("a/b"))).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getDescription()).isEqualTo(
                            "key \"a/b\" must not contain '/' or NUL"));
        }
    }

    @Test
    void logsEachCallAndTheSpecialKeysAtTheirLevel() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        KvService service = new KvService(new MemoryValueStore());
        service.logTo(PluginLogger.writingTo(log, LogLevel.TRACE));
        try (InProcess server = InProcess.serving(service)) {
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(server.channel());
            kv.put(put("warn-me", "1"));
            kv.get(get("warn-me"));
            kv.put(put("trace-me", "1"));
        }

        assertThat(log.toString(StandardCharsets.UTF_8).lines())
                .hasSize(6)
                .anySatisfy(line -> assertThat(line).contains("\"@level\":\"info\"", "\"@message\":\"put\"",
                        "\"key\":\"warn-me\""))
                .anySatisfy(line -> assertThat(line).contains("\"@level\":\"debug\"", "\"@message\":\"get\""))
                .anySatisfy(line -> assertThat(line).contains("\"@level\":\"warn\"", "\"@message\":\"warn requested\""))
                .anySatisfy(line -> assertThat(line).contains("\"@level\":\"trace\"", "\"@message\":\"trace requested\""));
    }
}
