package dev.rpcplugin.client.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts plugin processes from one long-lived thread, optionally under {@code setpriv --pdeathsig KILL}
 * so that the kernel kills a plugin the moment its host process dies, whatever the plugin is (go-plugin
 * plugins never notice a dead host). Linux sends that signal when the creating thread ends, so every
 * spawn happens on this spawner's own thread, which lives until {@link #close()} (after the host killed
 * its plugins).
 */
public final class ProcessSpawner implements AutoCloseable {

    /** util-linux's setpriv, present on every Debian system. */
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final ExecutorService thread;
    private final boolean killWithHost;

    private ProcessSpawner(boolean killWithHost) {
        this.killWithHost = killWithHost;
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
        return new ProcessSpawner(killWithHost && Files.isExecutable(SETPRIV));
    }

    /** Whether started processes get the parent-death signal. */
    public boolean killsWithHost() {
        return killWithHost;
    }

    /**
     * The argv actually executed for {@code command}.
     *
     * @param executable {@code command}'s program, resolved: the wrapper would look a bare name up in
     *     the child's PATH, which may differ from the host's
     */
    public List<String> wrap(Path executable, List<String> command) {
        if (!killWithHost) {
            return command;
        }
        List<String> argv = new ArrayList<>(command.size() + 4);
        argv.add(SETPRIV.toString());
        argv.add("--pdeathsig");
        argv.add("KILL");
        argv.add("--");
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
            started = thread.submit(builder::start);
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

    /** Ends the spawner thread: with {@code killsWithHost}, processes it started get SIGKILL. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
