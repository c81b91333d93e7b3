package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the socket directories that hosts killed without a chance to clean up (SIGKILL, the OOM
 * killer, a power cut of the JVM) left behind: their plugins were killed with them, so nothing will use
 * those directories again. Every {@link SocketDirectory} holds an {@value #OWNER_FILE} file naming the
 * host process that made it (pid namespace, pid and start time); a directory is removed only when it
 * is this user's, its name is one a host gives, its owner file is readable, names this pid namespace,
 * and that process is gone (or its pid now belongs to a process that started at another time).
 * Anything else, including every directory of a host in another pid namespace sharing the same
 * {@code /tmp}, is left alone. Linux only: without {@code /proc}, or with a {@code /proc} of another pid
 * namespace, no owner file is written and nothing is removed.
 */
public final class StaleSocketDirectories {

    /** The file in each socket directory that names the host process which made it. */
    static final String OWNER_FILE = "host";

    private static final Logger LOG = LoggerFactory.getLogger(StaleSocketDirectories.class);

    private StaleSocketDirectories() {
    }

    /** The host process behind a socket directory. */
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
                String namespace = Files.readSymbolicLink(ProcessTable.PROC.resolve("self/ns/pid")).toString();
                long pid = ProcessHandle.current().pid();
                if (!Files.readSymbolicLink(ProcessTable.PROC.resolve("self")).toString().equals(Long.toString(pid))) {
                    return null; // a /proc of another pid namespace: its pids are not ours to judge
                }
                Long start = startTicks(pid);
                return start == null || namespace.contains(" ") ? null : new Owner(namespace, pid, start);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** Writes the owner file of a directory this process just made; nothing where {@code /proc} is missing. */
    static void writeOwner(Path directory) throws IOException {
        Owner owner = ThisProcess.OWNER;
        if (owner != null) {
            Files.writeString(directory.resolve(OWNER_FILE), owner.format(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * Removes the stale socket directories directly in {@code parent}. Never throws: a directory that
     * cannot be judged or removed is left and logged at debug level.
     *
     * @param parent the hosts' socket directory parent; null for the default ({@link SocketDirectory#create})
     * @return the directories removed
     */
    public static List<Path> sweep(Path parent) {
        if (parent == null) {
            parent = SocketDirectory.defaultParent();
        }
        List<Path> removed = new ArrayList<>();
        Owner self = ThisProcess.OWNER;
        if (self == null) {
            return removed;
        }
        Object myUid;
        try {
            myUid = Files.getAttribute(ProcessTable.PROC.resolve("self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, SocketDirectory.PREFIX + "*")) {
            for (Path entry : entries) {
                if (isStale(entry, myUid, self) && delete(entry)) {
                    removed.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not look for stale socket directories in {}: {}", parent, e.toString());
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} socket director{} left by hosts that were killed: {}", removed.size(),
                    removed.size() == 1 ? "y" : "ies", removed);
        }
        return removed;
    }

    private static boolean isStale(Path entry, Object myUid, Owner self) {
        if (!SocketDirectory.isDirectoryName(entry.getFileName().toString())) {
            return false;
        }
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
            LOG.debug("left socket directory {}: {}", entry, e.toString());
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

    /** The start time in clock ticks of a live process, or null when its stat line does not parse. */
    private static Long startTicks(long pid) throws IOException {
        long[] parentAndStart = ProcessTable.parseParentAndStart(Files.readString(
                ProcessTable.PROC.resolve(pid + "/stat"), StandardCharsets.US_ASCII));
        return parentAndStart == null ? null : parentAndStart[1];
    }

    private static boolean delete(Path directory) {
        try {
            SocketDirectory.deleteTree(directory);
            return true;
        } catch (NoSuchFileException e) {
            return false; // another host removed it first
        } catch (IOException e) {
            LOG.debug("could not remove stale socket directory {}: {}", directory, e.toString());
            return false;
        }
    }
}
