package dev.rpcplugin.client.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child started by {@link NativeSpawner}: a {@link Process} whose exit is noticed by the spawner's
 * {@link ChildReaper} through a pidfd instead of by a JDK thread of its own. Exit codes follow
 * java.lang.Process: the status, or 128 plus the signal that ended the child (-1 if other code in
 * the JVM reaped it). Signals are never sent once the child was reaped, so a reused pid is never hit.
 */
final class NativeChild extends Process {

    private static final Logger LOG = LoggerFactory.getLogger(NativeChild.class);

    private final Libc libc;
    private final int pid;
    private final ProcessHandle handle;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final CompletableFuture<Process> onExit;
    private boolean reaped; // guarded by this

    NativeChild(Libc libc, int pid, ProcessHandle handle, InputStream stdout, InputStream stderr) {
        this.libc = libc;
        this.pid = pid;
        this.handle = handle;
        this.stdout = stdout;
        this.stderr = stderr;
        // as java.lang.Process does, dependent actions run on the common pool, never on the reaper
        this.onExit = exitCode.thenApplyAsync(code -> this);
    }

    /**
     * Collects the exit status if the child has exited. Called by the reaper when its pidfd turned
     * readable.
     *
     * @return whether the child is gone now
     */
    boolean reap() {
        int code;
        synchronized (this) {
            if (reaped) {
                return true;
            }
            IntByReference status = new IntByReference();
            try {
                if (libc.waitpid(pid, status, Libc.WNOHANG) != pid) {
                    return false;
                }
                code = exitCode(status.getValue());
            } catch (LastErrorException e) {
                // ECHILD: other code in this JVM reaped it; the status is lost either way
                LOG.warn("cannot collect the exit status of process {}: {}", pid, libc.strerror(e.getErrorCode()));
                code = -1;
            }
            reaped = true;
        }
        drain(stdout);
        drain(stderr);
        exitCode.complete(code);
        return true;
    }

    synchronized boolean isReaped() {
        return reaped;
    }

    private static void drain(InputStream pipe) {
        if (pipe instanceof ChildPipeInputStream childPipe) {
            childPipe.childExited();
        }
    }

    private static int exitCode(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private void signal(int signal) {
        synchronized (this) {
            if (reaped) {
                return;
            }
            try {
                libc.kill(pid, signal);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.ESRCH) {
                    throw new IllegalStateException("cannot signal process " + pid + ": " + libc.strerror(e.getErrorCode()), e);
                }
            }
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return ClosedInput.INSTANCE; // stdin is always redirected, as ProcessBuilder's own redirect gives
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exitCode.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exitCode.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        Integer code = exitCode.getNow(null);
        if (code == null) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return code;
    }

    @Override
    public void destroy() {
        signal(Libc.SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        signal(Libc.SIGKILL);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return !exitCode.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return onExit.copy(); // one per caller, as java.lang.Process gives: cancelling it touches no one else
    }

    @Override
    public ProcessHandle toHandle() {
        return handle;
    }

    @Override
    public String toString() {
        return "NativeChild[pid=" + pid + ", exitValue=" + (isAlive() ? "\"not exited\"" : exitValue()) + "]";
    }

    /** The stdin of a child whose stdin was redirected: nothing can be written. */
    private static final class ClosedInput extends OutputStream {
        static final ClosedInput INSTANCE = new ClosedInput();

        @Override
        public void write(int b) throws IOException {
            throw new IOException("Stream closed");
        }
    }
}
