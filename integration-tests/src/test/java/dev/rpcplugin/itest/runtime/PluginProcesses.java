package dev.rpcplugin.itest.runtime;

import dev.rpcplugin.itest.plugin.KvTestPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The test plugin processes this JVM started (directly or through Felix), found by their main class. */
final class PluginProcesses {

    private PluginProcesses() {
    }

    /**
     * Live test plugin processes below this JVM. Their arguments are read from {@code /proc/PID/cmdline}:
     * {@code ProcessHandle.Info} gives none for a command line longer than a page, as this class path makes it.
     */
    static List<ProcessHandle> live() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> arguments(p.pid()).contains(KvTestPlugin.class.getName()))
                .toList();
    }

    /** A process's arguments from {@code /proc/PID/cmdline}; empty once it ended. */
    static List<String> arguments(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Arrays.asList(new String(cmdline, StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException e) {
            return List.of(); // ended meanwhile
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILLs every live test plugin process (a safety net after failures) and says how many there were. */
    static int killAll() {
        List<ProcessHandle> left = live();
        left.forEach(ProcessHandle::destroyForcibly);
        return left.size();
    }

    static Optional<ProcessHandle> of(long pid) {
        return ProcessHandle.of(pid);
    }
}
