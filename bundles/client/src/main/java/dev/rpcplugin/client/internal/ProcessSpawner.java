package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts plugin processes from one long-lived thread, optionally under {@code setpriv --pdeathsig KILL}
 * so that the kernel kills a plugin the moment its host process dies, whatever the plugin is (go-plugin
 * plugins never notice a dead host). Linux sends that signal when the creating thread ends, so every
 * spawn happens on this spawner's own thread, which lives until {@link #close()} (after the host killed
 * its plugins).
 *
 * <p>Where it can, it starts them with {@code posix_spawn} and watches them through pidfds
 * ({@link NativeSpawner}): one thread per host notices every exit, where {@link java.lang.Process}
 * keeps a JDK thread per child. The system property {@value #SPAWN_PROPERTY} chooses: {@code auto}
 * (the default: native where the machine allows, else {@code java.lang.Process}) or {@code jdk}.
 */
public final class ProcessSpawner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSpawner.class);

    /** System property choosing how processes are started: {@code auto} or {@code jdk}. */
    public static final String SPAWN_PROPERTY = "rpcplugin.spawn";

    /** util-linux's setpriv, present on every Debian system. */
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** util-linux's setsid: gives a child of {@code java.lang.Process} a process group of its own. */
    static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ExecutorService thread;
    private final boolean killWithHost;
    private final NativeSpawner natives; // null: java.lang.Process
    private final boolean ownSession;

    private ProcessSpawner(boolean killWithHost, boolean tryNative) {
        this.killWithHost = killWithHost;
        this.natives = tryNative ? nativeSpawner() : null;
        // posix_spawn gives the child a group of its own; java.lang.Process cannot, so setsid does
        this.ownSession = natives == null && Files.isExecutable(SETSID);
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "rpcplugin-spawner");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param killWithHost whether plugins die with the host process; ignored (false) without setpriv
     * @return a spawner with its thread
     */
    public static ProcessSpawner create(boolean killWithHost) {
        return create(killWithHost, spawnMode());
    }

    /**
     * @param mode {@code auto} or {@code jdk}
     * @throws IllegalArgumentException for another mode
     */
    public static ProcessSpawner create(boolean killWithHost, String mode) {
        boolean tryNative = switch (mode) {
            case "auto" -> true;
            case "jdk" -> false;
            default -> throw new IllegalArgumentException("system property " + SPAWN_PROPERTY + " must be auto or jdk, not \""
                    + mode + "\"");
        };
        return new ProcessSpawner(killWithHost && Files.isExecutable(SETPRIV), tryNative);
    }

    private static String spawnMode() {
        return System.getProperty(SPAWN_PROPERTY, "auto").trim();
    }

    private static NativeSpawner nativeSpawner() {
        try {
            return NativeSpawner.create();
        } catch (RuntimeException | LinkageError e) {
            // once per host: says why a plugin costs a thread here
            LOG.info("plugins are started through java.lang.Process, with a JDK thread each: {}",
                    e instanceof LinkageError ? "JNA is not available (" + e + ")" : e.getMessage());
            return null;
        }
    }

    /** Whether children are started by {@code posix_spawn} and reaped by one thread for all. */
    public boolean isNative() {
        return natives != null;
    }

    /** Whether started processes get the parent-death signal. */
    public boolean killsWithHost() {
        return killWithHost;
    }

    /**
     * The argv actually executed for {@code command}: through {@code java.lang.Process} first util-linux
     * {@code setsid} (a session and process group of its own; it does not fork, since the JDK's child
     * leads no group), then with {@code killsWithHost} {@code setpriv --pdeathsig KILL}, after setsid
     * so that no fork can come between the signal's setting and the plugin.
     *
     * @param executable {@code command}'s program, resolved: the wrapper would look a bare name up in
     *     the child's PATH, which may differ from the host's
     */
    public List<String> wrap(Path executable, List<String> command) {
        if (!killWithHost && !ownSession) {
            return command;
        }
        List<String> argv = new ArrayList<>(command.size() + 6);
        if (ownSession) {
            argv.add(SETSID.toString());
            argv.add("--");
        }
        if (killWithHost) {
            argv.add(SETPRIV.toString());
            argv.add("--pdeathsig");
            argv.add("KILL");
            argv.add("--");
        }
        argv.add(executable.toString());
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    /**
     * Starts the process on the spawner thread ({@code builder}'s command already {@link #wrap wrapped}).
     *
     * @throws IOException as {@link ProcessBuilder#start()} does, or when the spawner is closed
     */
    public Process start(ProcessBuilder builder) throws IOException {
        Future<Process> started;
        try {
            started = thread.submit(() -> natives != null && NativeSpawner.supports(builder)
                    ? natives.start(builder) : builder.start());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("the plugin host is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the process may be starting: wait for it so that it is not lost
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Watches the exit of a process this host did not start (a reattached plugin) without a thread of
     * its own, when children are started natively.
     *
     * @return completed when it exits, or empty when the JDK must watch it ({@link ProcessHandle#onExit()})
     */
    public Optional<CompletableFuture<Void>> watchExit(long pid) {
        return natives == null ? Optional.empty() : Optional.ofNullable(natives.watchExit(pid));
    }

    /** Ends the spawner thread: with {@code killsWithHost}, processes it started get SIGKILL. */
    @Override
    public void close() {
        if (natives != null) {
            try {
                thread.execute(natives::close); // after the starts queued before
            } catch (java.util.concurrent.RejectedExecutionException e) {
                natives.close();
            }
        }
        thread.shutdown();
    }
}
