package dev.rpcplugin.client.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts children with glibc's {@code posix_spawn} and notices their exits through pidfds, so that a
 * running plugin costs its host no thread: {@link java.lang.Process} keeps one JDK reaper thread
 * blocked in {@code waitpid} for every child, where here one {@link ChildReaper} thread serves all
 * children of a host. The child gets what {@link ProcessBuilder} would give it: the command,
 * environment (in the JDK's encoding), directory and redirects of the builder, the signals the host
 * ignores still ignored, an empty signal mask, no file descriptor of the host beyond 0-2, and
 * {@code /bin/sh} for a script without {@code #!}. Unlike there, the child leads a process group of its
 * own: signals the terminal sends to the host's foreground group (SIGINT, SIGQUIT, SIGTSTP) reach the
 * host only.
 *
 * <p>Available on Linux on x86-64 and AArch64 with glibc 2.34 or later, a kernel with
 * {@code pidfd_open} (5.3) and JNA; {@link ProcessSpawner} uses {@link java.lang.Process} otherwise.
 * Not thread-safe for starts: {@link ProcessSpawner} starts every child on its one thread.
 */
final class NativeSpawner implements AutoCloseable {

    private static final Path SELF_FDS = Path.of("/proc/self/fd");

    private static final String SHELL = "/bin/sh";

    private final Libc libc;
    private final ChildReaper reaper;

    private NativeSpawner(Libc libc) {
        this.libc = libc;
        this.reaper = new ChildReaper(libc);
    }

    /**
     * @return a spawner for this machine
     * @throws UnsupportedOperationException naming what this machine lacks
     * @throws LinkageError when JNA is missing or cannot load its native library
     */
    static NativeSpawner create() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.equals("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            throw new UnsupportedOperationException("not Linux on x86-64 or AArch64 (" + os + ", " + arch + ")");
        }
        if (!Files.isDirectory(SELF_FDS)) {
            throw new UnsupportedOperationException(SELF_FDS + " is missing");
        }
        Libc libc;
        try {
            libc = new Libc();
        } catch (UnsatisfiedLinkError e) {
            throw new UnsupportedOperationException("the C library lacks what is needed (glibc 2.34 or later has it): "
                    + e.getMessage(), e);
        }
        try {
            libc.close(libc.pidfdOpen((int) ProcessHandle.current().pid()));
        } catch (LastErrorException e) {
            throw new UnsupportedOperationException("pidfd_open failed: " + libc.strerror(e.getErrorCode()));
        }
        return new NativeSpawner(libc);
    }

    /** Whether {@link #start} can give {@code builder}'s child what {@link ProcessBuilder#start()} would. */
    static boolean supports(ProcessBuilder builder) {
        Redirect.Type in = builder.redirectInput().type();
        // every output redirect is served; input only from a file or inherited (no pipe to write to)
        return !builder.redirectErrorStream() && !builder.command().isEmpty()
                && (in == Redirect.Type.READ || in == Redirect.Type.INHERIT);
    }

    /**
     * Starts {@code builder}'s command (see {@link #supports}).
     *
     * @throws IOException worded as {@link ProcessBuilder#start()} words it: {@code Cannot run program
     *     "<program>": error=<errno>, <text>}
     */
    Process start(ProcessBuilder builder) throws IOException {
        List<String> command = builder.command();
        String program = command.get(0);
        for (String argument : command) {
            if (argument.indexOf('\u0000') >= 0) {
                throw new IOException("invalid null character in command"); // as ProcessBuilder says it
            }
        }
        File directory = builder.directory();
        String cannotRun = "Cannot run program \"" + program + "\""
                + (directory == null ? "" : " (in directory \"" + directory + "\")") + ": error=";
        int[] stdout = null;
        int[] stderr = null;
        Memory actions = new Memory(Libc.OPAQUE_SIZE);
        Memory attributes = new Memory(Libc.OPAQUE_SIZE);
        Memory noSignals = new Memory(Libc.OPAQUE_SIZE);
        checked(libc.fileActionsInit(actions), "posix_spawn_file_actions_init");
        try {
            checked(libc.attrInit(attributes), "posix_spawnattr_init");
            try {
                stdout = builder.redirectOutput().type() == Redirect.Type.PIPE ? pipe() : null;
                stderr = builder.redirectError().type() == Redirect.Type.PIPE ? pipe() : null;
                input(actions, builder.redirectInput());
                output(actions, builder.redirectOutput(), 1, stdout);
                output(actions, builder.redirectError(), 2, stderr);
                if (directory != null) {
                    checked(libc.fileActionsAddchdir(actions, libc.string(directory.getPath())), "addchdir");
                }
                checked(libc.fileActionsAddclosefrom(actions, 3), "addclosefrom");
                // an empty mask; dispositions are left to exec, so ignored signals stay ignored as
                // with java.lang.Process (a host under nohup passes SIGHUP ignored on)
                libc.sigemptyset(noSignals);
                checked(libc.attrSetsigmask(attributes, noSignals), "setsigmask");
                // a process group of its own (the attributes' group 0: the child's pid), so that a Ctrl-C
                // or job control signal at the host's terminal reaches the host, which then stops its
                // plugins, and not the plugins themselves
                checked(libc.attrSetflags(attributes, (short) (Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETPGROUP)),
                        "setflags");
                IntByReference pid = new IntByReference();
                StringArray argv = libc.strings(command.toArray(new String[0]));
                StringArray envp = libc.strings(environment(builder.environment()));
                int error = program.indexOf('/') >= 0
                        ? libc.posixSpawn(pid, libc.string(program), actions, attributes, argv, envp)
                        : libc.posixSpawnp(pid, libc.string(program), actions, attributes, argv, envp);
                if (error == Libc.ENOEXEC) {
                    // a script without "#!": run it with /bin/sh, as the JDK and execvp do
                    List<String> shell = new ArrayList<>(command.size() + 1);
                    shell.add(SHELL);
                    // where posix_spawnp found it: the host's PATH, as exec searches it
                    shell.add(program.indexOf('/') >= 0 ? program
                            : Executables.onPath(program).map(Path::toString).orElse(program));
                    shell.addAll(command.subList(1, command.size()));
                    argv = libc.strings(shell.toArray(new String[0]));
                    error = libc.posixSpawn(pid, libc.string(SHELL), actions, attributes, argv, envp);
                }
                if (error != 0) {
                    throw new IOException(cannotRun + error + ", " + libc.strerror(error));
                }
                return watch(pid.getValue(), stdout, stderr);
            } catch (LastErrorException e) {
                throw new IOException(cannotRun + e.getErrorCode() + ", " + libc.strerror(e.getErrorCode()), e);
            } finally {
                libc.attrDestroy(attributes);
            }
        } finally {
            libc.fileActionsDestroy(actions);
            closeAll(stdout);
            closeAll(stderr);
        }
    }

    private int[] pipe() {
        int[] pipe = new int[2];
        libc.pipe2(pipe, Libc.O_CLOEXEC);
        return pipe;
    }

    private Process watch(int pid, int[] stdout, int[] stderr) throws IOException {
        int pidfd;
        try {
            pidfd = libc.pidfdOpen(pid);
        } catch (LastErrorException e) {
            killAndReap(pid);
            throw new IOException("cannot watch process " + pid + ": pidfd_open: " + libc.strerror(e.getErrorCode()), e);
        }
        InputStream out = null;
        InputStream err = null;
        try {
            ProcessHandle handle = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IOException("process " + pid + " is not in the process table"));
            out = readEnd(stdout);
            err = readEnd(stderr);
            NativeChild child = new NativeChild(libc, pid, handle, out, err);
            reaper.watch(child, pidfd);
            return child;
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            closeQuietly(err);
            closeQuietly(pidfd);
            killAndReap(pid);
            throw e;
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    private void killAndReap(int pid) {
        try {
            libc.kill(pid, Libc.SIGKILL);
            libc.waitpid(pid, new IntByReference(), 0);
        } catch (LastErrorException e) {
            // gone already
        }
    }

    private void input(Memory actions, Redirect redirect) {
        if (redirect.type() == Redirect.Type.READ) {
            checked(libc.fileActionsAddopen(actions, 0, libc.string(redirect.file().getPath()), Libc.O_RDONLY, 0),
                    "addopen stdin");
        }
    }

    private void output(Memory actions, Redirect redirect, int fd, int[] pipe) {
        switch (redirect.type()) {
            case PIPE -> checked(libc.fileActionsAdddup2(actions, pipe[1], fd), "adddup2");
            case WRITE, APPEND -> {
                int flags = Libc.O_WRONLY | Libc.O_CREAT
                        | (redirect.type() == Redirect.Type.APPEND ? Libc.O_APPEND : Libc.O_TRUNC);
                checked(libc.fileActionsAddopen(actions, fd, libc.string(redirect.file().getPath()), flags, 0666),
                        "addopen");
            }
            default -> {
                // INHERIT: the host's own fd stays
            }
        }
    }

    // the host's end of the pipe as a stream of its own, which keeps the read end's fd to poll; the
    // other fds are closed by start() after
    private InputStream readEnd(int[] pipe) throws IOException {
        if (pipe == null) {
            return InputStream.nullInputStream();
        }
        FileInputStream stream = new FileInputStream(SELF_FDS.resolve(Integer.toString(pipe[0])).toFile());
        ChildPipeInputStream childPipe = new ChildPipeInputStream(stream, new PipeReadiness(libc, pipe[0]));
        pipe[0] = -1;
        return childPipe;
    }

    private static String[] environment(Map<String, String> environment) {
        return environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private void checked(int error, String what) {
        if (error != 0) {
            throw new IllegalStateException("posix_spawn " + what + " failed: " + libc.strerror(error));
        }
    }

    private void closeAll(int[] fds) {
        if (fds != null) {
            for (int fd : fds) {
                if (fd >= 0) { // -1: a stream owns it
                    closeQuietly(fd);
                }
            }
        }
    }

    private void closeQuietly(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // nothing to do
        }
    }

    /**
     * Watches a process that is not a child of this spawner, on the reaper's thread.
     *
     * @return completed when it exits (never once this spawner is closed), or null when it cannot be
     *     watched this way (it is gone already, or this spawner is closed)
     */
    CompletableFuture<Void> watchExit(long pid) {
        int pidfd;
        try {
            pidfd = libc.pidfdOpen(Math.toIntExact(pid));
        } catch (LastErrorException | ArithmeticException e) {
            return null;
        }
        try {
            return reaper.watchExit(pidfd);
        } catch (IllegalStateException e) {
            closeQuietly(pidfd);
            return null;
        }
    }

    /** Starts no more children; their exits are still noticed until the last one was reaped. */
    @Override
    public void close() {
        reaper.close();
    }
}
