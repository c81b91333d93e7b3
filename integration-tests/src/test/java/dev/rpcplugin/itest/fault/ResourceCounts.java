package dev.rpcplugin.itest.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a host may leak, counted at one moment: live descendant processes of this JVM, its open file
 * descriptors ({@code /proc/self/fd}), its threads by name prefix, and the entries (socket files and
 * directories) under one socket parent directory.
 *
 * @param processes live, non-zombie descendants of this JVM
 * @param fileDescriptors entries of {@code /proc/self/fd}
 * @param threads live threads per name prefix of {@link #THREAD_PREFIXES}
 * @param socketEntries files and directories anywhere under the socket parent
 * @param allThreads every live thread of this JVM, whatever its name
 */
record ResourceCounts(long processes, long fileDescriptors, Map<String, Long> threads, long socketEntries,
        long allThreads) {

    /**
     * The threads a plugin host starts: the host's pool, spawner and event loops ({@code rpcplugin-}),
     * grpc-java's shared executors and timers ({@code grpc-}), and Netty's global helpers.
     */
    static final List<String> THREAD_PREFIXES = List.of("rpcplugin-", "grpc-", "globalEventExecutor",
            "threadDeathWatcher");

    static ResourceCounts capture(Path socketParent) {
        Map<String, Long> threads = new LinkedHashMap<>();
        THREAD_PREFIXES.forEach(prefix -> threads.put(prefix, 0L));
        long allThreads = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!thread.isAlive()) {
                continue;
            }
            allThreads++;
            for (String prefix : THREAD_PREFIXES) {
                if (thread.getName().startsWith(prefix)) {
                    threads.merge(prefix, 1L, Long::sum);
                }
            }
        }
        return new ResourceCounts(liveDescendants().size(), openFileDescriptors(), threads,
                ScratchDirectory.contentOf(socketParent).size(), allThreads);
    }

    /** Live descendants of this JVM that are not zombies awaiting their reaper. */
    static List<ProcessHandle> liveDescendants() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.filter(ResourceCounts::running).toList();
        }
    }

    /**
     * Live processes (other than this JVM) whose command line or environment mentions {@code path}: the
     * processes of one test's directory, also after a script exec'd another program (its environment
     * stays) and after their parent died (they are no longer descendants then).
     */
    static List<ProcessHandle> liveProcessesMentioning(Path path) {
        String text = path.toString();
        long self = ProcessHandle.current().pid();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != self)
                    .filter(p -> p.info().commandLine().map(line -> line.contains(text)).orElse(false)
                            || environmentMentions(p.pid(), text))
                    .filter(ResourceCounts::running).toList();
        }
    }

    private static boolean environmentMentions(long pid, String text) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    java.nio.charset.StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sum over every prefix. */
    long hostThreads() {
        return threads.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether nothing here is above {@code baseline}. */
    boolean noMoreThan(ResourceCounts baseline) {
        return processes <= baseline.processes && fileDescriptors <= baseline.fileDescriptors
                && socketEntries <= baseline.socketEntries
                && threads.entrySet().stream().allMatch(e -> e.getValue() <= baseline.threads.get(e.getKey()));
    }

    /**
     * Alive and not a zombie (state Z in {@code /proc/PID/stat}): a killed process whose parent died
     * stays a zombie until a reaper collects it, yet it has ended. A handle never matches a later
     * process with the same pid.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The process group of a live process, from {@code /proc/PID/stat} ({@code pid (comm) state ppid pgrp ...}). */
    static long processGroup(ProcessHandle process) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    @Override
    public String toString() {
        return "processes=" + processes + " fds=" + fileDescriptors + " threads=" + threads + " (all " + allThreads
                + ") socketEntries=" + socketEntries;
    }
}
