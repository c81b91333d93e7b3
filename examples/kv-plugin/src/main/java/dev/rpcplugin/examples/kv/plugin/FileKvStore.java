package dev.rpcplugin.examples.kv.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** One file {@code kv_<key>} per key in a directory, like go-plugin's example plugin. */
final class FileKvStore implements KvStore {

    private final Path directory;

    FileKvStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        Files.write(fileFor(key), value);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(fileFor(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private Path fileFor(String key) {
        // A key names a file in the working directory, never a path elsewhere.
        if (key.isEmpty() || key.indexOf('/') >= 0 || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid key \"" + key + "\": must be non-empty without '/'");
        }
        return directory.resolve("kv_" + key);
    }
}
