package dev.rpcplugin.client.internal;

import dev.rpcplugin.transport.OrphanedSocketDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The private directory (mode 0700) a launched plugin creates its sockets in, passed as
 * {@code PLUGIN_UNIX_SOCKET_DIR}. Its name is short and always as long, so that whether a plugin's
 * socket path fits depends on the parent alone, the same at every start. {@link #delete()} removes it
 * with whatever the plugin left inside (a plugin killed by a signal leaves its socket files behind).
 */
public final class SocketDirectory {

    static final String PREFIX = "rpcp";
    static final int NAME_DIGITS = 10;
    /** Longest socket path Linux accepts ({@code sun_path} holds 108 bytes with the closing NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;
    /**
     * What a plugin that makes a private directory of its own inside this one adds to the path, as this
     * project's Java plugins do: {@code /rpcplugin} and ten digits, then {@code /plugin} and ten digits.
     */
    static final int NESTED_SOCKET_BYTES = "/rpcplugin0123456789/plugin0123456789".length();
    /** The longest parent whose plugins' sockets fit, nested ones included (55). */
    public static final int MAX_PARENT_BYTES = MAX_SOCKET_PATH_BYTES - NESTED_SOCKET_BYTES - 1 - PREFIX.length()
            - NAME_DIGITS;
    /** What a go-plugin plugin adds: its socket file, {@code /plugin} and up to ten digits, in this directory. */
    static final int GO_PLUGIN_SOCKET_BYTES = "/plugin0123456789".length();
    /** The longest parent under which a go-plugin plugin's socket fits (75). */
    public static final int MAX_GO_PLUGIN_PARENT_BYTES = MAX_SOCKET_PATH_BYTES - GO_PLUGIN_SOCKET_BYTES - 1
            - PREFIX.length() - NAME_DIGITS;
    private static final int MAX_NAME_ATTEMPTS = 100;
    // older versions used a varying number of digits; their orphans are still recognised
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
        SocketDirectory created = new SocketDirectory(createUniquelyNamed(where));
        try {
            OrphanedSocketDirectories.markOwned(created.path);
        } catch (IOException | RuntimeException e) {
            created.delete();
            throw e;
        }
        return created;
    }

    private static Path createUniquelyNamed(Path parent) throws IOException {
        for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
            Path directory = parent.resolve(PREFIX
                    + ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L)); // NAME_DIGITS digits
            try {
                return Files.createDirectory(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException taken) {
                // another host's: draw again
            }
        }
        throw new IOException("no unused socket directory name in " + parent + " after " + MAX_NAME_ATTEMPTS
                + " attempts");
    }

    /**
     * Logs a warning when the parent is too long for the sockets of plugins that make a directory of
     * their own in the socket directory (see {@link #MAX_PARENT_BYTES}).
     *
     * @param parent the configured parent; null for the default
     */
    public static void warnIfParentTooLong(Path parent) {
        Path where = parent != null ? parent : defaultParent();
        tooLongParent(where).ifPresent(bytes -> LoggerFactory.getLogger(SocketDirectory.class).warn(
                "the socket directory parent {} is {} bytes long: the socket paths of plugins that make a directory"
                        + " of their own in PLUGIN_UNIX_SOCKET_DIR (this project's Java plugins) will not fit in the"
                        + " kernel's {} bytes; give a parent of at most {} bytes", where, bytes, MAX_SOCKET_PATH_BYTES,
                MAX_PARENT_BYTES));
    }

    /**
     * The length of {@code parent} in bytes, when it is too long for the sockets of plugins that make a
     * directory of their own in the socket directory; empty when it fits.
     */
    static OptionalInt tooLongParent(Path parent) {
        int bytes = parent.toString().getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_PARENT_BYTES ? OptionalInt.of(bytes) : OptionalInt.empty();
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
            LoggerFactory.getLogger(SocketDirectory.class).warn("could not delete plugin socket directory {}: {}",
                    path, e.toString());
            return false;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
