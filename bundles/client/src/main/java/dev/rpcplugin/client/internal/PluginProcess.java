package dev.rpcplugin.client.internal;

import dev.rpcplugin.handshake.EnvironmentVariables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operating-system side of one plugin: its process (launched here, or found by pid when
 * reattaching), the descendants seen, the pipe readers, the stderr tail and the private socket
 * directory. Exit is noticed at once through {@link Process#onExit()} for a launched child; for a
 * reattached process through a pidfd on the native spawner's thread, or else by the JDK, which polls
 * the pid on a thread of its own ({@link ProcessHandle#onExit()}).
 */
public final class PluginProcess {

    private final ProcessHandle handle;
    private final Process child;
    private final ProcessTree tree;
    private final SocketDirectory socketDirectory;
    private final LineTail stderrTail;
    private final Path tempDirectory;
    private final CompletableFuture<OptionalInt> exit;
    private final CompletableFuture<Void> nativeExitWatch; // of a reattached process; null when none
    // the exit to complete when a reattached process ends; cleared when this client lets it go
    private final AtomicReference<CompletableFuture<OptionalInt>> watchedExit;
    private volatile PipeLineReader stdoutReader;
    private volatile PipeLineReader stderrReader;

    private PluginProcess(ProcessHandle handle, Process child, SocketDirectory socketDirectory, LineTail stderrTail,
            Path tempDirectory, Executor executor, ProcessSpawner spawner) {
        this.handle = handle;
        this.tempDirectory = tempDirectory;
        this.child = child;
        // the socket directory is this plugin's alone, and every process it starts inherits its variable
        this.tree = new ProcessTree(handle, ProcessScans.shared(), executor, socketDirectory == null ? null
                : EnvironmentVariables.UNIX_SOCKET_DIR + "=" + socketDirectory.path());
        this.socketDirectory = socketDirectory;
        this.stderrTail = stderrTail;
        if (child != null) {
            this.exit = child.onExit().thenApply(p -> OptionalInt.of(p.exitValue()));
            this.nativeExitWatch = null;
            this.watchedExit = null;
        } else if (isHost()) {
            this.exit = new CompletableFuture<>(); // a plugin served in-process ends with the host itself
            this.nativeExitWatch = null;
            this.watchedExit = null;
        } else {
            this.nativeExitWatch = spawner.watchExit(handle.pid()).orElse(null);
            this.exit = new CompletableFuture<>();
            // the JDK's watch cannot be cancelled: it holds only this reference, which stopWatchingExit() clears
            AtomicReference<CompletableFuture<OptionalInt>> toComplete = new AtomicReference<>(exit);
            this.watchedExit = toComplete;
            Runnable exited = () -> {
                CompletableFuture<OptionalInt> watched = toComplete.get();
                if (watched != null) {
                    watched.complete(OptionalInt.empty());
                }
            };
            if (nativeExitWatch == null) {
                handle.onExit().thenRun(exited);
            } else {
                // off the watching thread: what follows an exit is not its work
                nativeExitWatch.thenRunAsync(exited, executor);
            }
        }
    }

    /**
     * A process this host started.
     *
     * @param tempDirectory the child's {@code TMPDIR}, where older go-plugin plugins make their socket, or null
     * @param executor the host's pool, for work on the process table
     */
    public static PluginProcess launched(Process child, SocketDirectory socketDirectory, LineTail stderrTail,
            Path tempDirectory, Executor executor) {
        return new PluginProcess(child.toHandle(), Objects.requireNonNull(child, "child"), socketDirectory, stderrTail,
                tempDirectory, executor, null);
    }

    /**
     * A running process found by pid; its pipes belong to someone else.
     *
     * @param executor the host's pool, for work on the process table and after its exit
     * @param spawner the host's spawner, which may watch the exit
     */
    public static PluginProcess reattached(ProcessHandle handle, Executor executor, ProcessSpawner spawner) {
        return new PluginProcess(Objects.requireNonNull(handle, "handle"), null, null, new LineTail(0), null, executor,
                Objects.requireNonNull(spawner, "spawner"));
    }

    /**
     * Stops watching the exit of a reattached process this client lets go (a reattach that failed, a
     * test-mode disconnect): {@link #exit()} no longer completes, and a pidfd watching it is closed now
     * rather than when the process exits (without JNA the JDK keeps its own watch until then, which
     * no longer holds this process or its client). Does nothing for a launched process.
     */
    public void stopWatchingExit() {
        if (watchedExit != null) {
            watchedExit.set(null);
        }
        if (nativeExitWatch != null) {
            nativeExitWatch.cancel(false);
        }
    }

    /**
     * Whether the "plugin process" is this very JVM (a plugin served in-process, as go-plugin's test mode
     * does); it is never killed then.
     */
    public boolean isHost() {
        return handle.pid() == ProcessHandle.current().pid();
    }

    public long pid() {
        return handle.pid();
    }

    /** The launched child, or null when reattached. */
    public Process child() {
        return child;
    }

    public ProcessTree tree() {
        return tree;
    }

    /** The child's {@code TMPDIR}, or null when it has none or was not launched here. */
    public Path tempDirectory() {
        return tempDirectory;
    }

    /**
     * The Unix sockets the live process listens on, to remove after a failed start: a plugin that
     * ignores {@code PLUGIN_UNIX_SOCKET_DIR} (go-plugin before 1.5) may have made one in the temp
     * directory before the handshake line that was refused or never came.
     */
    List<String> listeningSockets() {
        return isAlive() ? LeftoverSocket.listeningSocketsOf(pid()) : List.of();
    }

    /** Removes what {@link #listeningSockets()} found, once the process is gone (go-plugin's socket names only). */
    void removeSockets(List<String> sockets) {
        sockets.forEach(socket -> LeftoverSocket.deleteAfterKill("unix", socket, tempDirectory));
    }

    /** The private socket directory, or null when reattached. */
    public SocketDirectory socketDirectory() {
        return socketDirectory;
    }

    public LineTail stderrTail() {
        return stderrTail;
    }

    /** Completes when the process has exited: with its exit code when it was launched here. */
    public CompletableFuture<OptionalInt> exit() {
        return exit;
    }

    public boolean isAlive() {
        return !exit.isDone() && handle.isAlive();
    }

    void readers(PipeLineReader stderr, PipeLineReader stdout) {
        if (stderr != null) {
            this.stderrReader = stderr;
        }
        if (stdout != null) {
            this.stdoutReader = stdout;
        }
    }

    /** The exit code if the process has exited already. */
    public OptionalInt exitCodeNow() {
        return exit.isDone() ? exit.join() : OptionalInt.empty();
    }

    /**
     * Waits for the exit.
     *
     * @return the exit code (empty when unknown), or null if still running after the timeout
     */
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        try {
            return exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Waits until the pipe readers have seen EOF, so that the stderr tail is complete.
     *
     * @return whether both finished in time
     */
    public boolean awaitReaders(Duration timeout) throws InterruptedException {
        List<CompletableFuture<Void>> done = new java.util.ArrayList<>(2);
        if (stderrReader != null) {
            done.add(stderrReader.done());
        }
        if (stdoutReader != null) {
            done.add(stdoutReader.done());
        }
        try {
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
                    .get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Deletes the socket directory, if this host made one. */
    public void deleteSocketDirectory() {
        if (socketDirectory != null) {
            socketDirectory.delete();
        }
    }
}
