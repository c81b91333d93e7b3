package dev.rpcplugin.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileValueStoreTest {

    @TempDir
    Path dir;

    @Test
    void keepsEachValueInAFileNamedAfterItsKey() throws Exception {
        ValueStore store = new FileValueStore(dir, "kv_");

        store.put("greeting", "hello".getBytes(StandardCharsets.UTF_8));
        store.put("greeting", "hello again".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(dir.resolve("kv_greeting"))).isEqualTo("hello again");
        assertThat(store.get("greeting")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("hello again"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("kv_greeting"));
        }
    }

    @Test
    void valuesSurviveTheStoreThatWroteThem() throws Exception {
        new FileValueStore(dir, "counter_").put("total", "8".getBytes(StandardCharsets.UTF_8));

        assertThat(new FileValueStore(dir, "counter_").get("total")).hasValueSatisfying(v -> assertThat(v).asString()
                .isEqualTo("8"));
    }

    @Test
    void aKeyNeverPutIsEmpty() throws Exception {
        assertThat(new FileValueStore(dir, "kv_").get("missing")).isEmpty();
    }

    @Test
    void refusesKeysThatWouldLeaveTheDirectory() throws Exception {
        ValueStore store = new FileValueStore(dir, "kv_");

        assertThatThrownBy(() -> store.put("../escape", new byte[1])).isInstanceOf(InvalidKeyException.class)
                .hasMessage("key \"../escape\" must not contain '/' or NUL");
        assertThatThrownBy(() -> store.get("a\0b")).isInstanceOf(InvalidKeyException.class)
                .hasMessage("key \"a\\x00b\" must not contain '/' or NUL");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
