package dev.rpcplugin.transport;

import java.nio.file.Path;

/**
 * The Unix socket path a listener would bind is longer than the kernel accepts ({@code sun_path}).
 * Thrown before anything is created on disk. The usual cause is a long {@code TMPDIR} or
 * {@code PLUGIN_UNIX_SOCKET_DIR} (terraform issue #22198).
 */
public final class SocketPathTooLongException extends TransportException {

    /** The socket path that would have been bound (not serialised). */
    private final transient Path path;
    /** Its length in bytes of UTF-8. */
    private final int length;
    /** The platform's limit in bytes. */
    private final int limit;

    /**
     * @param path the socket path that would have been bound
     * @param length its length in bytes of UTF-8
     * @param limit the longest path the platform accepts, in bytes
     */
    public SocketPathTooLongException(Path path, int length, int limit) {
        super("unix socket path " + path + " is " + length + " bytes of UTF-8, longer than the limit of "
                + limit + " bytes; set a shorter PLUGIN_UNIX_SOCKET_DIR or TMPDIR (in a host: a shorter socket"
                + " directory parent, socket.dir in the rpcplugin container)");
        this.path = path;
        this.length = length;
        this.limit = limit;
    }

    /** @return the socket path that would have been bound */
    public Path path() {
        return path;
    }

    /** @return the length of {@link #path()} in bytes of UTF-8 */
    public int length() {
        return length;
    }

    /** @return the longest socket path the platform accepts, in bytes */
    public int limit() {
        return limit;
    }
}
