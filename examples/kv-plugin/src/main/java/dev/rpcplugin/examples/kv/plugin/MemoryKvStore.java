package dev.rpcplugin.examples.kv.plugin;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Values in memory: for benchmarks, where file I/O would dominate. */
final class MemoryKvStore implements KvStore {

    private final ConcurrentMap<String, byte[]> values = new ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] value) {
        values.put(key, value.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }
}
