package dev.rpcplugin.client.internal;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A plugin process and the descendants seen so far. Descendants are remembered because a child whose
 * parent exits is re-parented and no longer shows up under it; {@link ProcessHandle} identity includes
 * the start time, so a remembered handle never kills a process that later reuses the pid. The process
 * table is read through {@link ProcessScans}, shared with every other tree that asks at the same time.
 */
public final class ProcessTree {

    private final ProcessHandle root;
    private final ProcessScans scans;
    private final Executor executor;
    private final String marker; // NAME=value in the environment of the root and its descendants only, or null
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    /** Reads of the process table a kill may take: the first, then up to this many less one by the marker. */
    static final int KILL_PASSES = 4;

    /**
     * @param executor reads the process table for others who asked while this tree's read ran
     */
    public ProcessTree(ProcessHandle root, ProcessScans scans, Executor executor) {
        this(root, scans, executor, null);
    }

    /**
     * @param executor reads the process table for others who asked while this tree's read ran
     * @param marker an environment entry ({@code NAME=value}) the root was started with and no process
     *     outside its tree has, by which its descendants are found after it died; null for none
     */
    public ProcessTree(ProcessHandle root, ProcessScans scans, Executor executor, String marker) {
        this.root = Objects.requireNonNull(root, "root");
        this.scans = Objects.requireNonNull(scans, "scans");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.marker = marker;
    }

    /**
     * Remembers the root's current descendants; once the root has exited, the live processes that carry
     * the marker in their environment. Thread-safe.
     */
    public void remember() {
        if (!root.isAlive()) {
            // its children were re-parented when it exited: no table shows them under it any more
            if (marker != null) {
                remember(ProcessTable.withEnvironmentEntry(root.pid(), marker));
            }
            return;
        }
        remember(scans.next(executor));
    }

    /**
     * Remembers the descendants of a root that started moments ago, on the executor: reads only the
     * processes started after it ({@link ProcessTable#readFrom}).
     */
    public void rememberSoon() {
        Runnable task = () -> remember(ProcessTable.readFrom(root.pid()));
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void remember(ProcessTable table) {
        remember(table.descendantsOf(root));
    }

    private void remember(List<ProcessHandle> now) {
        synchronized (seen) {
            seen.addAll(now);
        }
    }

    /**
     * Kills (SIGKILL) the root and every live remembered or current descendant, each before its own
     * children; then, as long as that found processes to kill, looks again by the marker for children
     * forked meanwhile. Does not wait for the deaths.
     *
     * @return how many processes were signalled
     */
    public int killAll() {
        remember();
        Set<ProcessHandle> signalled = new HashSet<>();
        for (int pass = 1; killRemembered(signalled) && pass < KILL_PASSES && marker != null; pass++) {
            // a process alive between the read and its parent's death may have forked: its children were
            // re-parented, so only the marker finds them
            remember(ProcessTable.withEnvironmentEntry(root.pid(), marker));
        }
        return signalled.size();
    }

    // top down: a shell killed before its child cannot report the child's death ("Killed") on stderr
    private boolean killRemembered(Set<ProcessHandle> signalled) {
        List<ProcessHandle> descendants;
        synchronized (seen) {
            descendants = List.copyOf(seen);
        }
        boolean any = false;
        if (!signalled.contains(root) && root.isAlive() && root.destroyForcibly()) {
            signalled.add(root);
            any = true;
        }
        for (ProcessHandle handle : descendants) {
            if (!signalled.contains(handle) && handle.isAlive() && handle.destroyForcibly()) {
                signalled.add(handle);
                any = true;
            }
        }
        return any;
    }
}
