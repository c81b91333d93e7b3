package dev.rpcplugin.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryValueStoreTest {

    @Test
    void storesCopiesSoCallersCannotChangeValuesLater() {
        MemoryValueStore store = new MemoryValueStore();
        byte[] value = {1, 2, 3};

        store.put("k", value);
        value[0] = 9;
        store.get("k").orElseThrow()[1] = 9;

        assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        assertThat(store.get("other")).isEmpty();
    }

    @Test
    void refusesTheKeysAFileStoreRefuses() {
        assertThatThrownBy(() -> new MemoryValueStore().put("a/b", new byte[0])).isInstanceOf(InvalidKeyException.class);
    }
}
