package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parent and start time of every process (or of those from a pid on), read once from {@code /proc}. The JDK's
 * {@link ProcessHandle#descendants()} reads the whole process table for each call, which costs
 * milliseconds on a busy machine; one table answers for every plugin whose tree is remembered at about the
 * same time (see {@link ProcessScans}). Where {@code /proc} cannot be read the table is
 * {@linkplain #unavailable() unavailable} and asks the JDK instead.
 */
public final class ProcessTable {

    static final Path PROC = Path.of("/proc");

    private static final ProcessTable UNAVAILABLE = new ProcessTable(null, null);

    /** Parent pid -> its children's pids; null when unavailable. */
    private final Map<Long, List<Long>> children;
    /** Pid -> start time in clock ticks since boot. */
    private final Map<Long, Long> starts;

    private ProcessTable(Map<Long, List<Long>> children, Map<Long, Long> starts) {
        this.children = children;
        this.starts = starts;
    }

    /** A table that answers every question through {@link ProcessHandle#descendants()}. */
    public static ProcessTable unavailable() {
        return UNAVAILABLE;
    }

    /** Reads {@code /proc} now; {@linkplain #unavailable() unavailable} where it cannot be listed. */
    public static ProcessTable read() {
        return read(PROC, 0);
    }

    /**
     * Reads only the processes whose pid is at least {@code rootPid}, for a root that started moments ago:
     * pids are handed out in increasing order, so its descendants cannot have lower ones unless the
     * allocation wrapped around since, which the kernel's last allocated pid shows (the whole table is
     * read then). On a busy machine that is a handful of processes instead of all of them. Processes
     * older than the root may still hold higher pids, from before an earlier wrap; they are read as well,
     * which costs a little and changes no answer.
     */
    public static ProcessTable readFrom(long rootPid) {
        return readFrom(PROC, rootPid);
    }

    static ProcessTable readFrom(Path proc, long rootPid) {
        return read(proc, firstPidAfter(proc, rootPid));
    }

    /** {@code rootPid}, or 0 (every process) when the pid allocation has wrapped around since the root started. */
    private static long firstPidAfter(Path proc, long rootPid) {
        return lastAllocatedPid(proc) >= rootPid ? rootPid : 0;
    }

    static ProcessTable read(Path proc) {
        return read(proc, 0);
    }

    /** The most recently allocated pid (the last field of {@code /proc/loadavg}), or -1 if unknown. */
    static long lastAllocatedPid(Path proc) {
        try {
            String loadavg = Files.readString(proc.resolve("loadavg"), StandardCharsets.US_ASCII).trim();
            return Long.parseLong(loadavg.substring(loadavg.lastIndexOf(' ') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static ProcessTable read(Path proc, long minPid) {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> starts = new HashMap<>();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                long pid = isPid(name) ? Long.parseLong(name) : -1;
                if (pid < 0 || pid < minPid) {
                    continue;
                }
                String stat = readStat(entry.resolve("stat"), buffer);
                if (stat == null) {
                    continue; // ended while listing
                }
                long[] parentAndStart = parseParentAndStart(stat);
                if (parentAndStart != null) {
                    children.computeIfAbsent(parentAndStart[0], parent -> new ArrayList<>(2)).add(pid);
                    starts.put(pid, parentAndStart[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return UNAVAILABLE;
        }
        return new ProcessTable(children, starts);
    }

    /**
     * The live processes whose environment holds {@code entry} ({@code NAME=value}), other than this JVM,
     * among those with a pid from {@code rootPid} on (all of them after a wrap, as {@link #readFrom}).
     * Descendants inherit their parent's environment, so a variable only one plugin's processes carry
     * finds them after the plugin died and they were re-parented. Environments of other users'
     * processes cannot be read: those are not found.
     */
    public static List<ProcessHandle> withEnvironmentEntry(long rootPid, String entry) {
        return withEnvironmentEntry(PROC, rootPid, entry);
    }

    static List<ProcessHandle> withEnvironmentEntry(Path proc, long rootPid, String entry) {
        long minPid = firstPidAfter(proc, rootPid);
        long self = ProcessHandle.current().pid();
        byte[] wanted = (entry + '\0').getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path process : entries) {
                String name = process.getFileName().toString();
                long pid = isPid(name) ? Long.parseLong(name) : -1;
                if (pid < minPid || pid == self) {
                    continue;
                }
                // the handle first: if the pid is reused after the read, the handle is no longer alive
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                if (handle.isPresent() && holds(process.resolve("environ"), wanted) && handle.get().isAlive()) {
                    found.add(handle.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            // what was found so far is all that can be known
        }
        return found;
    }

    // whether the NUL-separated environment file holds the entry (with its terminating NUL) as a whole
    private static boolean holds(Path environ, byte[] wanted) {
        byte[] all;
        try {
            all = Files.readAllBytes(environ);
        } catch (IOException | RuntimeException e) {
            return false; // ended, or another user's
        }
        for (int start = 0; start + wanted.length <= all.length; ) {
            if (Arrays.equals(all, start, start + wanted.length, wanted, 0, wanted.length)) {
                return true;
            }
            int end = indexOf(all, (byte) 0, start);
            if (end < 0) {
                return false;
            }
            start = end + 1;
        }
        return false;
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** The pids read, for tests. */
    Set<Long> pids() {
        return starts == null ? Set.of() : Set.copyOf(starts.keySet());
    }

    /** Whether this table was read from {@code /proc}. */
    public boolean available() {
        return children != null;
    }

    /**
     * The live descendants of {@code root} in this table, children before their own children. A process
     * counts only if it started no earlier than its parent (so a reused pid is not taken for a child) and
     * is, when its handle is made, still the child of the same parent.
     */
    public List<ProcessHandle> descendantsOf(ProcessHandle root) {
        if (children == null) {
            return root.descendants().toList();
        }
        List<ProcessHandle> found = new ArrayList<>();
        if (!starts.containsKey(root.pid()) || !root.isAlive()) {
            return found;
        }
        Deque<Long> parents = new ArrayDeque<>();
        parents.add(root.pid());
        while (!parents.isEmpty()) {
            long parent = parents.poll();
            for (long child : children.getOrDefault(parent, List.of())) {
                if (starts.get(child) < starts.get(parent)) {
                    continue;
                }
                Optional<ProcessHandle> handle = ProcessHandle.of(child)
                        .filter(h -> h.parent().map(ProcessHandle::pid).orElse(-1L) == parent);
                if (handle.isPresent()) {
                    found.add(handle.get());
                    parents.add(child);
                }
            }
        }
        return found;
    }

    /**
     * The parent pid (field 4) and start time in clock ticks (field 22) of a {@code /proc/<pid>/stat} line,
     * or null when it has too few fields. The command name (field 2) may hold spaces and parentheses, so
     * the fields are counted from its last closing parenthesis.
     */
    static long[] parseParentAndStart(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return null;
        }
        String[] fields = stat.substring(end + 1).trim().split(" ");
        // fields[0] is field 3 (the state), so field n is fields[n - 3]
        if (fields.length < 20) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[19])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String readStat(Path stat, ByteBuffer buffer) {
        buffer.clear();
        try (SeekableByteChannel channel = Files.newByteChannel(stat)) {
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // the kernel hands the whole line to the first read; loop for the rare short read
            }
        } catch (IOException e) {
            return null;
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
