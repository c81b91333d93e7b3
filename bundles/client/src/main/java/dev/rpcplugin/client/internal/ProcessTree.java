package dev.rpcplugin.client.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A plugin process and the descendants seen so far. Descendants are remembered because a child whose
 * parent exits is re-parented and no longer shows up under it; {@link ProcessHandle} identity includes
 * the start time, so a remembered handle never kills a process that later reuses the pid.
 */
public final class ProcessTree {

    private final ProcessHandle root;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    public ProcessTree(ProcessHandle root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** Remembers the root's current descendants. Thread-safe. */
    public void remember() {
        List<ProcessHandle> now = root.descendants().collect(Collectors.toList());
        synchronized (seen) {
            seen.addAll(now);
        }
    }

    /**
     * Kills (SIGKILL) every live remembered or current descendant, deepest last seen first, then the
     * root. Does not wait.
     *
     * @return how many processes were signalled
     */
    public int killAll() {
        remember();
        List<ProcessHandle> descendants;
        synchronized (seen) {
            descendants = List.copyOf(seen);
        }
        int signalled = 0;
        // descendants before the root: once the root is gone they would be re-parented and harder to find
        for (ProcessHandle handle : descendants) {
            if (handle.isAlive() && handle.destroyForcibly()) {
                signalled++;
            }
        }
        if (root.isAlive() && root.destroyForcibly()) {
            signalled++;
        }
        return signalled;
    }

    /** The remembered descendants that are still alive (zombies count as alive until reaped). */
    public List<ProcessHandle> liveDescendants() {
        synchronized (seen) {
            return seen.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
        }
    }
}
