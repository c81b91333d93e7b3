package dev.rpcplugin.examples.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * One file {@code <prefix><key>} per key in a directory. A value is written to a temporary file and
 * moved into place, so a reader never sees half a value, even one in another process.
 */
public final class FileValueStore implements ValueStore {

    private final Path directory;
    private final String prefix;

    /**
     * @param directory where the files go
     * @param prefix the file name prefix, e.g. {@code kv_}
     */
    public FileValueStore(Path directory, String prefix) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        Path target = fileFor(key);
        Path temporary = Files.createTempFile(directory, ".put-", ".tmp");
        try {
            Files.write(temporary, value);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
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
        return directory.resolve(prefix + ValueStore.checkKey(key));
    }
}
