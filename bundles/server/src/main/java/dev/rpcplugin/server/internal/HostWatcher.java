package dev.rpcplugin.server.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Notices that the host process is gone: a daemon thread polls this process's parent and fires once
 * when the parent's pid changes (the plugin was re-parented to init or a subreaper) or the original
 * parent is no longer alive. go-plugin plugins lack this and outlive hosts that die without killing
 * them (go-plugin issues 136 and 210).
 *
 * <p>Hosts often start plugins through a shell ({@code sh -c "$PLUGIN"}, go-plugin's own examples;
 * Debian's sh does not exec the last command), and a plugin's launcher script may not exec either.
 * Such a shell outlives a host that dies: it is re-parented and goes on waiting for the plugin. So
 * the watcher also holds the shells between this process and the first ancestor that is not one,
 * and fires as well when any of them is re-parented or gone.
 */
public final class HostWatcher implements AutoCloseable {

    /** Program names of shells that run a plugin as their child. */
    private static final Set<String> SHELLS = Set.of("sh", "dash", "bash", "ash", "ksh", "mksh", "zsh", "busybox");
    /** How many shells deep the chain to the host is followed. */
    private static final int MAX_SHELLS = 4;

    private final ProcessHandle host;
    private final List<ProcessHandle> shells; // parent first; each one's parent is the next, the last's the host
    private final Supplier<Optional<ProcessHandle>> currentParent;
    private final long intervalMillis;
    private final LongConsumer onHostGone;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Creates a watcher (not yet started).
     *
     * @param host the parent captured at start
     * @param currentParent reads the parent now (normally {@code ProcessHandle.current()::parent})
     * @param interval time between checks; positive
     * @param onHostGone runs once, on the watcher thread, when the host is gone, with the pid of the
     *     process found gone (the host, or a shell between it and this process)
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public HostWatcher(ProcessHandle host, Supplier<Optional<ProcessHandle>> currentParent, Duration interval,
            LongConsumer onHostGone) {
        this(List.of(), host, currentParent, interval, onHostGone);
    }

    /**
     * Creates a watcher (not yet started) of a host that started this process through shells.
     *
     * @param shells the shells between this process and the host, this process's parent first
     * @param host the first ancestor that is not a shell
     */
    public HostWatcher(List<ProcessHandle> shells, ProcessHandle host, Supplier<Optional<ProcessHandle>> currentParent,
            Duration interval, LongConsumer onHostGone) {
        this.shells = List.copyOf(shells);
        this.host = Objects.requireNonNull(host, "host");
        this.currentParent = Objects.requireNonNull(currentParent, "currentParent");
        this.onHostGone = Objects.requireNonNull(onHostGone, "onHostGone");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("host watch interval must be positive, was " + interval);
        }
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.thread = new Thread(this::watch, "rpcplugin-host-watcher");
        thread.setDaemon(true);
    }

    /**
     * Follows {@code parent} up through shells.
     *
     * @param shells receives the shells passed, {@code parent} first
     * @return the first ancestor that is not a shell, or the last shell where the chain ends (at init,
     *     at {@value #MAX_SHELLS} shells, or where an ancestor cannot be read)
     */
    public static ProcessHandle throughShells(ProcessHandle parent, List<ProcessHandle> shells) {
        ProcessHandle current = parent;
        while (shells.size() < MAX_SHELLS && isShell(current)) {
            Optional<ProcessHandle> next = current.parent().filter(p -> p.pid() > 1);
            if (next.isEmpty()) {
                break;
            }
            shells.add(current);
            current = next.get();
        }
        return current;
    }

    private static boolean isShell(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString())
                .filter(SHELLS::contains).isPresent();
    }

    /** The host process being watched. */
    public ProcessHandle host() {
        return host;
    }

    /** Starts the polling thread. */
    public void start() {
        thread.start();
    }

    /** Whether the host is still this process's live parent, or the live parent of its shells. */
    public boolean hostAlive() {
        return goneFromTheChain().isEmpty();
    }

    // the first process of the chain found gone: a parent that is not the expected one lost its place
    private OptionalLong goneFromTheChain() {
        ProcessHandle expected = shells.isEmpty() ? host : shells.get(0);
        Optional<ProcessHandle> parent = currentParent.get();
        if (parent.isEmpty() || parent.get().pid() != expected.pid()) {
            return OptionalLong.of(expected.pid());
        }
        for (int i = 0; i < shells.size(); i++) {
            ProcessHandle shell = shells.get(i);
            ProcessHandle next = i + 1 < shells.size() ? shells.get(i + 1) : host;
            if (!shell.isAlive()) {
                return OptionalLong.of(shell.pid());
            }
            if (shell.parent().map(ProcessHandle::pid).filter(pid -> pid == next.pid()).isEmpty()) {
                return OptionalLong.of(next.pid());
            }
        }
        return host.isAlive() ? OptionalLong.empty() : OptionalLong.of(host.pid());
    }

    /** Stops watching; {@code onHostGone} will not run afterwards unless it already started. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void watch() {
        try {
            while (!closed) {
                Thread.sleep(intervalMillis);
                OptionalLong lost = goneFromTheChain();
                if (lost.isPresent() && !closed) {
                    onHostGone.accept(lost.getAsLong());
                    return;
                }
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        }
    }
}
