package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A plugin killed by a signal cannot remove its socket. Plugins that ignore {@code PLUGIN_UNIX_SOCKET_DIR}
 * (go-plugin before 1.5) put it in the temp dir, outside the private directory this host deletes. This
 * removes such a leftover, but only a socket file named {@code plugin*} directly in a temp directory:
 * a plugin must not be able to make the host delete any other file by announcing its path.
 */
final class LeftoverSocket {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private LeftoverSocket() {
    }

    /**
     * @param pluginTempDirectory the plugin's own {@code TMPDIR} when it differs from the host's, or null
     */
    static void deleteAfterKill(String network, String address, Path pluginTempDirectory) {
        if (!"unix".equals(network)) {
            return;
        }
        try {
            Path socket = Path.of(address).toAbsolutePath().normalize();
            Path parent = socket.getParent();
            if (parent == null || !socket.getFileName().toString().startsWith("plugin")
                    || !tempDirectories(pluginTempDirectory).contains(parent)) {
                return;
            }
            Object mode = Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (mode instanceof Integer bits && (bits & S_IFMT) == S_IFSOCK) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // nothing there, or not ours to judge: leave it
        }
    }

    private static Set<Path> tempDirectories(Path pluginTempDirectory) {
        String tmpdir = System.getenv("TMPDIR");
        String javaTmp = System.getProperty("java.io.tmpdir", "/tmp");
        String pluginTmp = pluginTempDirectory == null ? "/tmp" : pluginTempDirectory.toString();
        return Stream.of("/tmp", javaTmp, tmpdir == null || tmpdir.isBlank() ? "/tmp" : tmpdir, pluginTmp)
                .map(dir -> Path.of(dir).toAbsolutePath().normalize()).collect(Collectors.toSet());
    }
}
