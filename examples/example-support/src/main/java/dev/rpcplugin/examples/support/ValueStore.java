package dev.rpcplugin.examples.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an example plugin keeps its values: like go-plugin's examples, one file per key in the
 * working directory, so that values survive from one host run to the next; or in memory, for
 * benchmarks. Implementations are thread-safe.
 */
public interface ValueStore {

    /**
     * Stores a value.
     *
     * @param key the key; must not contain {@code /} or NUL
     * @param value the bytes to store
     * @throws InvalidKeyException if the key is not allowed
     * @throws IOException if the value cannot be written
     */
    void put(String key, byte[] value) throws IOException;

    /**
     * Reads a value.
     *
     * @param key the key; must not contain {@code /} or NUL
     * @return the value, or empty if the key was never stored
     * @throws InvalidKeyException if the key is not allowed
     * @throws IOException if the value cannot be read
     */
    Optional<byte[]> get(String key) throws IOException;

    /**
     * The store go-plugin's example plugins use: in memory when the environment variable
     * {@code memoryVariable} is {@code 1}, else files {@code <prefix><key>} in the working directory.
     *
     * @param memoryVariable e.g. {@code KV_PLUGIN_MEMORY}
     * @param prefix the file name prefix, e.g. {@code kv_}
     * @return the store
     */
    static ValueStore fromEnvironment(String memoryVariable, String prefix) {
        return "1".equals(System.getenv(memoryVariable))
                ? new MemoryValueStore()
                : new FileValueStore(Path.of("").toAbsolutePath(), prefix);
    }

    /**
     * Checks that a key can name a file in one directory, as go-plugin's examples do.
     *
     * @param key the key
     * @return the key
     * @throws InvalidKeyException if it contains {@code /} or NUL
     */
    static String checkKey(String key) {
        if (key.indexOf('/') >= 0 || key.indexOf('\0') >= 0) {
            throw new InvalidKeyException(key);
        }
        return key;
    }
}
