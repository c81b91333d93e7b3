package dev.rpcplugin.transport.internal;

import java.nio.charset.StandardCharsets;

/** The length rule for Unix socket paths. */
public final class UnixSocketPaths {

    /**
     * Longest socket path Linux accepts: {@code sun_path} holds 108 bytes including the terminating
     * NUL. (Epoll, and so this transport, is Linux-only.)
     */
    public static final int MAX_PATH_BYTES = 107;

    private UnixSocketPaths() {
    }

    /**
     * @param path a socket path
     * @return its length in bytes of UTF-8, the unit the kernel limit is counted in
     */
    public static int byteLength(String path) {
        return path.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * @param path a socket path
     * @return whether the kernel accepts a path this long
     */
    public static boolean fits(String path) {
        return byteLength(path) <= MAX_PATH_BYTES;
    }
}
