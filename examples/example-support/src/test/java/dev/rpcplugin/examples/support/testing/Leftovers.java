package dev.rpcplugin.examples.support.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds processes left behind by a test: live processes whose working directory is a given
 * directory or below it (read from {@code /proc}, so Linux only), or whose command line mentions it.
 */
public final class Leftovers {

    private Leftovers() {
    }

    /**
     * The live processes (other than this one) that use {@code directory}, as {@code pid command line}.
     *
     * @param directory e.g. a test's temporary directory
     * @return their descriptions, empty if none
     */
    public static List<String> using(Path directory) {
        Path real = realPath(directory);
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self && p.isAlive()).forEach(p -> {
            String commandLine = commandLine(p.pid());
            Path cwd = workingDirectory(p.pid());
            if (commandLine.contains(real.toString()) || cwd != null && cwd.startsWith(real)) {
                found.add(p.pid() + " " + commandLine);
            }
        });
        return found;
    }

    /**
     * Waits until no process uses {@code directory}, or the time is up.
     *
     * @param directory the directory
     * @param limit how long to wait
     * @return the processes still using it at the end, empty if none
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<String> awaitNone(Path directory, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> found = using(directory);
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = using(directory);
        }
        return found;
    }

    /**
     * From {@code /proc/PID/cmdline}, arguments joined by blanks: {@code ProcessHandle.Info} gives no
     * command line longer than a page, as a Java plugin's class path makes it.
     */
    private static String commandLine(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\u0000', ' ').trim();
        } catch (IOException | SecurityException e) {
            return ""; // gone, or not ours to look at
        }
    }

    private static Path workingDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // gone, or not ours to look at
        }
    }

    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            return directory.toAbsolutePath().normalize();
        }
    }
}
