package dev.rpcplugin.itest.runtime;

import dev.rpcplugin.itest.plugin.KvTestPlugin;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The test plugin processes this JVM started (directly or through Felix), found by their main class. */
final class PluginProcesses {

    private PluginProcesses() {
    }

    /** Live test plugin processes below this JVM. */
    static List<ProcessHandle> live() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments()
                        .map(args -> Arrays.asList(args).contains(KvTestPlugin.class.getName())).orElse(false))
                .toList();
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
