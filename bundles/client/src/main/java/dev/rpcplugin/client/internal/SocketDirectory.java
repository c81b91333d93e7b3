package dev.rpcplugin.client.internal;

import dev.rpcplugin.transport.OrphanedSocketDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The private directory (mode 0700) a launched plugin creates its sockets in, passed as
 * {@code PLUGIN_UNIX_SOCKET_DIR}. Kept short because socket paths are limited to about 104 bytes.
 * {@link #delete()} removes it with whatever the plugin left inside (a plugin killed by a signal leaves
 * its socket files behind).
 */
public final class SocketDirectory {

    static final String PREFIX = "rpcp";
    private static final Pattern DIRECTORY_NAME = Pattern.compile(PREFIX + "[0-9]+");

    private final Path path;
    private final AtomicBoolean deleted = new AtomicBoolean();

    private SocketDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates a fresh directory, with the file that names this process as its owner (see
     * {@link OrphanedSocketDirectories}).
     *
     * @param parent where to create it; null chooses {@code /tmp} when writable, else {@code java.io.tmpdir}
     * @throws IOException if it cannot be created
     */
    public static SocketDirectory create(Path parent) throws IOException {
        Path where = parent != null ? parent : defaultParent();
        SocketDirectory created = new SocketDirectory(Files.createTempDirectory(where, PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        try {
            OrphanedSocketDirectories.markOwned(created.path);
        } catch (IOException | RuntimeException e) {
            created.delete();
            throw e;
        }
        return created;
    }

    /** Whether a file name is one {@link #create} gives: the prefix and the digits of a random number. */
    static boolean isDirectoryName(String name) {
        return DIRECTORY_NAME.matcher(name).matches();
    }

    static Path defaultParent() {
        Path tmp = Path.of("/tmp");
        if (Files.isDirectory(tmp) && Files.isWritable(tmp)) {
            return tmp;
        }
        return Path.of(Objects.requireNonNullElse(System.getProperty("java.io.tmpdir"), "/tmp"));
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /**
     * Deletes the directory and its content. Idempotent and thread-safe.
     *
     * @return true if it is gone (or was already), false if something could not be removed
     */
    public boolean delete() {
        if (!deleted.compareAndSet(false, true)) {
            return true;
        }
        try {
            OrphanedSocketDirectories.deleteTree(path);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(SocketDirectory.class).warn("could not delete plugin socket directory {}: {}",
                    path, e.toString());
            return false;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
