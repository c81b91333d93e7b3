package dev.rpcplugin.examples.support;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Values in memory, gone when the plugin exits: for benchmarks, where file I/O would dominate. */
public final class MemoryValueStore implements ValueStore {

    private final ConcurrentMap<String, byte[]> values = new ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] value) {
        values.put(ValueStore.checkKey(key), value.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(values.get(ValueStore.checkKey(key))).map(byte[]::clone);
    }
}
