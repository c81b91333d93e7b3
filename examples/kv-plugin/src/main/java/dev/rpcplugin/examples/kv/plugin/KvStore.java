package dev.rpcplugin.examples.kv.plugin;

import java.io.IOException;
import java.util.Optional;

/** Where the KV plugin keeps its values. */
interface KvStore {

    void put(String key, byte[] value) throws IOException;

    Optional<byte[]> get(String key) throws IOException;
}
