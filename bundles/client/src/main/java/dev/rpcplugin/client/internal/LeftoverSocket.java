package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A plugin killed by a signal cannot remove its socket. Plugins that ignore {@code PLUGIN_UNIX_SOCKET_DIR}
 * (go-plugin before 1.5) put it in the temp dir, outside the private directory this host deletes. This
 * removes such a leftover, but only a socket file named {@code plugin*} directly in a temp directory:
 * a plugin must not be able to make the host delete any other file by announcing its path. When the
 * host itself was killed, {@link #removeDead} removes those sockets later.
 */
final class LeftoverSocket {

    /** Younger sockets are left alone: between bind and listen a live socket refuses connections too. */
    static final Duration DEAD_SOCKET_MIN_AGE = Duration.ofMinutes(1);

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final Path PROC_NET_UNIX = Path.of("/proc/net/unix");
    private static final int SO_ACCEPTCON = 0x10000;
    private static final Pattern GO_PLUGIN_SOCKET_NAME = Pattern.compile("plugin[0-9]{1,10}");

    private LeftoverSocket() {
    }

    /**
     * Deletes the socket a killed plugin announced or listened on, if it is a {@code plugin*} socket
     * file directly in a temp directory and nobody listens on it.
     *
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
            // a socket someone listens on is not a leftover: a plugin may have announced another's
            if (mode instanceof Integer bits && (bits & S_IFMT) == S_IFSOCK
                    && !listeningPaths(Files.readString(PROC_NET_UNIX, StandardCharsets.UTF_8)).contains(socket)) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // nothing there, or not ours to judge: leave it
        }
    }

    /**
     * Removes the sockets go-plugin plugins left in the host's temp directories when their host was
     * killed before it could remove them. A socket is removed only if it is this user's socket file
     * named {@code plugin} and digits (go-plugin's name), it is older than {@code minAge}, no socket of
     * this network namespace listens on its path ({@code /proc/net/unix}), and a connection to it is
     * refused. Never throws.
     *
     * @param directories where to look; null for the host's temp directories
     * @param minAge how old a socket must be
     * @return the sockets removed
     */
    static List<Path> removeDead(Set<Path> directories, Duration minAge) {
        Object myUid;
        try {
            myUid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return List.of(); // not Linux: nothing to judge by
        }
        Instant bornBefore = Instant.now().minus(minAge);
        List<Path> candidates = new ArrayList<>();
        for (Path directory : directories != null ? directories : tempDirectories(null)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                    entry -> isGoPluginSocketName(entry.getFileName().toString()))) {
                for (Path entry : entries) {
                    if (isOldSocketOf(entry, myUid, bornBefore)) {
                        candidates.add(entry);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a missing or unreadable temp directory holds nothing to remove
            }
        }
        if (candidates.isEmpty()) {
            return List.of(); // the usual case: the kernel's socket table is not read at all
        }
        Set<Path> listening;
        try {
            listening = listeningPaths(Files.readString(PROC_NET_UNIX, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        for (Path socket : candidates) {
            if (!listening.contains(socket.toAbsolutePath().normalize()) && refusesConnections(socket)) {
                try {
                    Files.delete(socket);
                    removed.add(socket);
                } catch (IOException e) {
                    // removed by someone else first, or not ours to remove
                }
            }
        }
        return removed;
    }

    private static boolean isOldSocketOf(Path entry, Object uid, Instant bornBefore) {
        try {
            Object mode = Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer bits && (bits & S_IFMT) == S_IFSOCK
                    && uid.equals(Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    && Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(bornBefore);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // A listener in another network namespace is not in our /proc/net/unix, but would accept.
    private static boolean refusesConnections(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.configureBlocking(false); // a full backlog must not block the sweep
            channel.connect(UnixDomainSocketAddress.of(socket));
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The paths of the Unix sockets the live process {@code pid} listens on: what a plugin that failed
     * to start may leave behind although its handshake line never named them. Empty when unknown.
     */
    static List<String> listeningSocketsOf(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // gone, or another user's
        }
        if (inodes.isEmpty()) {
            return List.of();
        }
        try {
            Map<String, Path> listening = listeningByInode(Files.readString(PROC_NET_UNIX, StandardCharsets.UTF_8));
            return inodes.stream().map(listening::get).filter(Objects::nonNull).map(Path::toString).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The paths of listening Unix sockets in a {@code /proc/net/unix} table. */
    static Set<Path> listeningPaths(String table) {
        return new HashSet<>(listeningByInode(table).values());
    }

    /** The listening Unix sockets with a path in a {@code /proc/net/unix} table, by inode. */
    private static Map<String, Path> listeningByInode(String table) {
        Map<String, Path> sockets = new HashMap<>();
        // Num RefCount Protocol Flags Type St Inode Path; the path may hold spaces
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+", 8);
            if (fields.length < 8 || !fields[7].startsWith("/")) {
                continue;
            }
            try {
                if ((Integer.parseInt(fields[3], 16) & SO_ACCEPTCON) != 0) {
                    sockets.put(fields[6], Path.of(fields[7]).normalize());
                }
            } catch (RuntimeException e) {
                // the header line, or a line of another format
            }
        }
        return sockets;
    }

    /** go-plugin names its socket as Go's temp files: the prefix, then a random unsigned 32-bit number. */
    static boolean isGoPluginSocketName(String name) {
        return GO_PLUGIN_SOCKET_NAME.matcher(name).matches();
    }

    private static Set<Path> tempDirectories(Path pluginTempDirectory) {
        String tmpdir = System.getenv("TMPDIR");
        String javaTmp = System.getProperty("java.io.tmpdir", "/tmp");
        String pluginTmp = pluginTempDirectory == null ? "/tmp" : pluginTempDirectory.toString();
        return Stream.of("/tmp", javaTmp, tmpdir == null || tmpdir.isBlank() ? "/tmp" : tmpdir, pluginTmp)
                .map(dir -> Path.of(dir).toAbsolutePath().normalize()).collect(Collectors.toSet());
    }
}
