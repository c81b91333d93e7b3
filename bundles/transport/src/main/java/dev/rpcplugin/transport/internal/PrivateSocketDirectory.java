package dev.rpcplugin.transport.internal;

import dev.rpcplugin.transport.OrphanedSocketDirectories;
import dev.rpcplugin.transport.SocketPathTooLongException;
import dev.rpcplugin.transport.TransportException;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A fresh directory that holds exactly one Unix socket: created 0700 (0750 and owned by the socket
 * group when one is given), so nobody else can reach the socket in the moment between bind and
 * chmod. Beside the socket it holds the owner file of {@link OrphanedSocketDirectories}, so that the
 * directory of a process killed by SIGKILL can be told from a live one's and removed later. Deleting
 * it removes only the socket, the owner file and the directory, never anything else.
 */
public final class PrivateSocketDirectory {

    private static final String DIRECTORY_PREFIX = "rpcplugin";
    private static final String SOCKET_PREFIX = "plugin";
    private static final int NAME_DIGITS = 10;
    private static final int MAX_NAME_ATTEMPTS = 100;
    private static final Set<PosixFilePermission> DIRECTORY_OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> DIRECTORY_WITH_GROUP = PosixFilePermissions.fromString("rwxr-x---");
    private static final Set<PosixFilePermission> SOCKET_OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SOCKET_WITH_GROUP = PosixFilePermissions.fromString("rw-rw----");

    private final Path directory;
    private final Path socket;
    private final GroupPrincipal group;

    private PrivateSocketDirectory(Path directory, Path socket, GroupPrincipal group) {
        this.directory = directory;
        this.socket = socket;
        this.group = group;
    }

    /**
     * Checks the group and the path length first, then creates the directory.
     *
     * @param parent existing absolute directory to create it in
     * @param groupNameOrGid socket group, if any
     * @return the created directory; its socket does not exist yet
     * @throws SocketPathTooLongException when the socket path would not fit (nothing is created)
     * @throws TransportException when the group is unknown or the directory cannot be set up
     */
    public static PrivateSocketDirectory create(Path parent, Optional<String> groupNameOrGid)
            throws TransportException {
        GroupPrincipal group = groupNameOrGid.isPresent() ? lookupGroup(parent, groupNameOrGid.get()) : null;
        if (!Files.isDirectory(parent)) {
            throw new TransportException("socket directory parent " + parent + " does not exist or is not a directory");
        }
        for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
            Path directory = parent.resolve(DIRECTORY_PREFIX + randomDigits());
            Path socket = directory.resolve(SOCKET_PREFIX + randomDigits());
            int length = UnixSocketPaths.byteLength(socket.toString());
            if (length > UnixSocketPaths.MAX_PATH_BYTES) {
                throw new SocketPathTooLongException(socket, length, UnixSocketPaths.MAX_PATH_BYTES);
            }
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_OWNER_ONLY));
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (IOException | UnsupportedOperationException e) {
                throw new TransportException("couldn't create socket directory " + directory + ": " + e, e);
            }
            PrivateSocketDirectory created = new PrivateSocketDirectory(directory, socket, group);
            created.restrict(directory, DIRECTORY_OWNER_ONLY, DIRECTORY_WITH_GROUP);
            try {
                OrphanedSocketDirectories.markOwned(directory);
            } catch (IOException | RuntimeException e) {
                created.delete();
                throw new TransportException("couldn't write the owner file of socket directory " + directory + ": " + e, e);
            }
            return created;
        }
        throw new TransportException("couldn't find an unused socket directory name in " + parent);
    }

    /**
     * Whether a file name is one {@link #create} gives a directory.
     *
     * @param name a file name
     * @return whether it is the prefix and ten digits
     */
    public static boolean isDirectoryName(String name) {
        return DirectoryName.PATTERN.matcher(name).matches();
    }

    // a holder, so that a plugin's start (which only creates) does not compile it
    private static final class DirectoryName {
        static final Pattern PATTERN = Pattern.compile(DIRECTORY_PREFIX + "[0-9]{" + NAME_DIGITS + "}");
    }

    /** @return the absolute path the socket is to be bound at */
    public Path socketPath() {
        return socket;
    }

    /** @return the directory holding the socket */
    public Path directory() {
        return directory;
    }

    /**
     * Call right after binding: socket 0600, or 0660 and owned by the socket group.
     *
     * @throws TransportException when ownership or permissions cannot be set (everything is deleted)
     */
    public void restrictSocket() throws TransportException {
        restrict(socket, SOCKET_OWNER_ONLY, SOCKET_WITH_GROUP);
    }

    /** Deletes the socket file, the owner file and the directory; leaves the directory if someone else put files there. */
    public void delete() {
        for (Path ours : new Path[] {socket, directory.resolve(OrphanedSocketDirectories.OWNER_FILE)}) {
            try {
                Files.deleteIfExists(ours);
            } catch (IOException ignored) {
                // best effort: the directory delete below reports nothing either
            }
        }
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException notOurs) {
            // files we did not create stay
        } catch (IOException ignored) {
            // best effort on close
        }
    }

    private void restrict(Path path, Set<PosixFilePermission> ownerOnly, Set<PosixFilePermission> withGroup)
            throws TransportException {
        try {
            if (group == null) {
                Files.setPosixFilePermissions(path, ownerOnly);
            } else {
                // group first, then widen: the group never sees the path with another owner group
                Files.setAttribute(path, "posix:group", group);
                Files.setPosixFilePermissions(path, withGroup);
            }
        } catch (IOException | RuntimeException e) {
            delete();
            throw new TransportException("couldn't set owner group/permissions of " + path
                    + (group == null ? "" : " (group " + group.getName() + ")") + ": " + e, e);
        }
    }

    private static GroupPrincipal lookupGroup(Path parent, String nameOrGid) throws TransportException {
        try {
            return parent.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(nameOrGid);
        } catch (UserPrincipalNotFoundException e) {
            throw new TransportException("unknown unix socket group '" + nameOrGid
                    + "' (PLUGIN_UNIX_SOCKET_GROUP): no group with that name or gid", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new TransportException("couldn't look up unix socket group '" + nameOrGid + "': " + e, e);
        }
    }

    /** Always {@value #NAME_DIGITS} digits, so the path length is known before anything is created. */
    private static String randomDigits() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L));
    }
}
