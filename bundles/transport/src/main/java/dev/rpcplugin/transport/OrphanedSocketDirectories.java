package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.PrivateSocketDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Socket directories left behind by processes that were killed without a chance to clean up
 * (SIGKILL, the OOM killer). Every private socket directory this library makes, a listener's as a
 * host's, holds an {@value #OWNER_FILE} file naming the process that made it: pid namespace, pid and
 * start time in clock ticks. {@link #remove} deletes a directory only when its name is one the caller
 * gives, it is a real directory (links are not followed) of this user, its owner file reads well,
 * names this pid namespace, and that process is gone or its pid now belongs to a process that started
 * at another time. Anything else stays, including every directory of a process in another pid
 * namespace sharing the same {@code /tmp}. Linux only: without {@code /proc}, or with a {@code /proc}
 * of another pid namespace than this JVM's, no owner file is written and nothing is removed.
 */
public final class OrphanedSocketDirectories {

    /** The file in each socket directory that names the process which made it. */
    public static final String OWNER_FILE = "owner";

    private static final Path PROC = Path.of("/proc");

    private OrphanedSocketDirectories() {
    }

    /** The process behind a socket directory. */
    record Owner(String pidNamespace, long pid, long startTicks) {

        static Owner parse(String text) {
            String[] fields = text.trim().split(" ");
            if (fields.length != 3 || fields[0].isEmpty()) {
                return null;
            }
            try {
                return new Owner(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String format() {
            return pidNamespace + " " + pid + " " + startTicks + "\n";
        }
    }

    private static final class ThisProcess {
        static final Owner OWNER = read();

        private static Owner read() {
            try {
                String namespace = Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString();
                long pid = ProcessHandle.current().pid();
                if (!Files.readSymbolicLink(PROC.resolve("self")).toString().equals(Long.toString(pid))) {
                    return null; // a /proc of another pid namespace: its pids are not ours to judge
                }
                Long start = startTicks(pid);
                return start == null || namespace.contains(" ") ? null : new Owner(namespace, pid, start);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * Writes the owner file into a directory this process just made.
     *
     * @param directory the new socket directory
     * @return false where {@code /proc} cannot name this process (nothing is written)
     * @throws IOException if the file cannot be written
     */
    public static boolean markOwned(Path directory) throws IOException {
        Owner owner = ThisProcess.OWNER;
        if (owner == null) {
            return false;
        }
        Files.writeString(directory.resolve(OWNER_FILE), owner.format(), StandardCharsets.US_ASCII);
        return true;
    }

    /**
     * Removes the orphaned socket directories directly in {@code parent}. Never throws: a directory
     * that cannot be judged or removed stays.
     *
     * @param parent where to look
     * @param names which entry names the caller's directories have; nothing else is looked at
     * @return the directories removed
     */
    public static List<Path> remove(Path parent, Predicate<String> names) {
        List<Path> removed = new ArrayList<>();
        Owner self = ThisProcess.OWNER;
        if (self == null) {
            return removed;
        }
        Object myUid;
        try {
            myUid = Files.getAttribute(PROC.resolve("self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent,
                entry -> names.test(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                if (isOrphaned(entry, myUid, self) && delete(entry)) {
                    removed.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a missing or unreadable parent holds nothing to remove
        }
        return removed;
    }

    /**
     * Whether a file name is one a listener's private socket directory gets
     * ({@code rpcplugin} and ten digits; see {@link PluginServerBuilder}).
     *
     * @param name a file name
     * @return whether it has that form
     */
    public static boolean isListenerDirectoryName(String name) {
        return PrivateSocketDirectory.isDirectoryName(name);
    }

    /**
     * Deletes a directory and everything in it; symbolic links are removed, never followed. Its owner
     * file goes last, so that a process stopped halfway leaves a directory that can still be judged.
     *
     * @param directory the directory
     * @throws IOException if something could not be removed ({@link NoSuchFileException} if it is gone)
     */
    public static void deleteTree(Path directory) throws IOException {
        Path ownerFile = directory.resolve(OWNER_FILE);
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.equals(ownerFile)) {
                    Files.deleteIfExists(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (dir.equals(directory)) {
                    Files.deleteIfExists(ownerFile);
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean isOrphaned(Path entry, Object myUid, Owner self) {
        try {
            if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                    || !myUid.equals(Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                return false;
            }
            Path ownerFile = entry.resolve(OWNER_FILE);
            if (!Files.isRegularFile(ownerFile, LinkOption.NOFOLLOW_LINKS)) {
                return false; // made by an older version, or the moment before its owner file was written
            }
            Owner owner = Owner.parse(Files.readString(ownerFile, StandardCharsets.US_ASCII));
            return owner != null && owner.pidNamespace().equals(self.pidNamespace()) && !isRunning(owner);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the owner's process still runs; a pid taken by a process started at another time does not
     * count. Where its entry in {@code /proc} exists but cannot be read, it counts as running.
     */
    static boolean isRunning(Owner owner) {
        try {
            Long start = startTicks(owner.pid());
            return start == null || start == owner.startTicks();
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * The start time in clock ticks of a live process (field 22 of {@code /proc/<pid>/stat}), or null
     * when its stat line does not parse.
     */
    static Long startTicks(long pid) throws IOException {
        String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII);
        // the command name (field 2) may hold spaces and parentheses: count from its closing one
        int nameEnd = stat.lastIndexOf(')');
        if (nameEnd < 0) {
            return null;
        }
        String[] fields = stat.substring(nameEnd + 1).trim().split(" ");
        final int startTimeIndex = 22 - 3; // fields after the name start with field 3
        if (fields.length <= startTimeIndex) {
            return null;
        }
        try {
            return Long.parseLong(fields[startTimeIndex]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean delete(Path directory) {
        try {
            deleteTree(directory);
            return true;
        } catch (IOException e) {
            return false; // gone already (another process removed it first) or not removable: stays counted out
        }
    }
}
