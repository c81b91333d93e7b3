package dev.rpcplugin.client.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
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

/**
 * Starts children with glibc's {@code posix_spawn} and notices their exits through pidfds, so that a
 * running plugin costs its host no thread: {@link java.lang.Process} keeps one JDK reaper thread
 * blocked in {@code waitpid} for every child, where here one {@link ChildReaper} thread serves all
 * children of a host. The child gets what {@link ProcessBuilder} would give it: the command,
 * environment, directory and redirects of the builder, default signal dispositions, an empty signal
 * mask, and no file descriptor of the host beyond 0-2.
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
        Libc libc = Libc.load();
        NativeLibrary c = NativeLibrary.getInstance("c");
        for (String function : List.of("posix_spawn_file_actions_addchdir_np", "posix_spawn_file_actions_addclosefrom_np")) {
            try {
                c.getFunction(function);
            } catch (UnsatisfiedLinkError e) {
                throw new UnsupportedOperationException("the C library lacks " + function + " (glibc 2.34 or later has it)");
            }
        }
        try {
            libc.close(pidfdOpen(libc, (int) ProcessHandle.current().pid()));
        } catch (LastErrorException e) {
            throw new UnsupportedOperationException("pidfd_open failed: " + libc.strerror(e.getErrorCode()));
        }
        return new NativeSpawner(libc);
    }

    private static int pidfdOpen(Libc libc, int pid) {
        return (int) libc.syscall(Libc.SYS_PIDFD_OPEN, pid, 0);
    }

    /** Whether {@link #start} can give {@code builder}'s child what {@link ProcessBuilder#start()} would. */
    static boolean supports(ProcessBuilder builder) {
        Redirect.Type in = builder.redirectInput().type();
        return !builder.redirectErrorStream() && !builder.command().isEmpty()
                && (in == Redirect.Type.READ || in == Redirect.Type.INHERIT)
                && supportsOutput(builder.redirectOutput()) && supportsOutput(builder.redirectError());
    }

    private static boolean supportsOutput(Redirect redirect) {
        return redirect.type() != Redirect.Type.READ;
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
        File directory = builder.directory();
        String cannotRun = "Cannot run program \"" + program + "\""
                + (directory == null ? "" : " (in directory \"" + directory + "\")") + ": error=";
        int[] stdout = null;
        int[] stderr = null;
        Memory actions = new Memory(Libc.OPAQUE_SIZE);
        Memory attributes = new Memory(Libc.OPAQUE_SIZE);
        Memory noSignals = new Memory(Libc.OPAQUE_SIZE);
        Memory allSignals = new Memory(Libc.OPAQUE_SIZE);
        checked(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            checked(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                stdout = builder.redirectOutput().type() == Redirect.Type.PIPE ? pipe() : null;
                stderr = builder.redirectError().type() == Redirect.Type.PIPE ? pipe() : null;
                input(actions, builder.redirectInput());
                output(actions, builder.redirectOutput(), 1, stdout);
                output(actions, builder.redirectError(), 2, stderr);
                if (directory != null) {
                    checked(libc.posix_spawn_file_actions_addchdir_np(actions, directory.getPath()), "addchdir");
                }
                checked(libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom");
                libc.sigemptyset(noSignals);
                libc.sigfillset(allSignals);
                checked(libc.posix_spawnattr_setsigmask(attributes, noSignals), "setsigmask");
                checked(libc.posix_spawnattr_setsigdefault(attributes, allSignals), "setsigdefault");
                checked(libc.posix_spawnattr_setflags(attributes,
                        (short) (Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF)), "setflags");
                IntByReference pid = new IntByReference();
                StringArray argv = new StringArray(command.toArray(new String[0]), "UTF-8");
                StringArray envp = new StringArray(environment(builder.environment()), "UTF-8");
                int error = program.indexOf('/') >= 0
                        ? libc.posix_spawn(pid, program, actions, attributes, argv, envp)
                        : libc.posix_spawnp(pid, program, actions, attributes, argv, envp);
                if (error == Libc.ENOEXEC) {
                    // a script without "#!": run it with /bin/sh, as the JDK and execvp do
                    List<String> shell = new ArrayList<>(command.size() + 1);
                    shell.add(SHELL);
                    shell.add(program.indexOf('/') >= 0 ? program : resolveOnPath(program));
                    shell.addAll(command.subList(1, command.size()));
                    argv = new StringArray(shell.toArray(new String[0]), "UTF-8");
                    error = libc.posix_spawn(pid, SHELL, actions, attributes, argv, envp);
                }
                if (error != 0) {
                    throw new IOException(cannotRun + error + ", " + libc.strerror(error));
                }
                return watch(pid.getValue(), stdout, stderr);
            } catch (LastErrorException e) {
                throw new IOException(cannotRun + e.getErrorCode() + ", " + libc.strerror(e.getErrorCode()), e);
            } finally {
                libc.posix_spawnattr_destroy(attributes);
            }
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            closeAll(stdout);
            closeAll(stderr);
        }
    }

    // where posix_spawnp found the program: the first executable file of that name on the host's PATH
    private static String resolveOnPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }

    private int[] pipe() {
        int[] pipe = new int[2];
        libc.pipe2(pipe, Libc.O_CLOEXEC);
        return pipe;
    }

    private Process watch(int pid, int[] stdout, int[] stderr) throws IOException {
        int pidfd;
        try {
            pidfd = pidfdOpen(libc, pid);
        } catch (LastErrorException e) {
            killAndReap(pid);
            throw new IOException("cannot watch process " + pid + ": pidfd_open: " + libc.strerror(e.getErrorCode()), e);
        }
        NativeChild child;
        try {
            ProcessHandle handle = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IOException("process " + pid + " is not in the process table"));
            child = new NativeChild(libc, pid, handle, readEnd(stdout), readEnd(stderr));
            reaper.watch(child, pidfd);
        } catch (IOException | RuntimeException e) {
            closeQuietly(pidfd);
            killAndReap(pid);
            throw e;
        }
        return child;
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
            checked(libc.posix_spawn_file_actions_addopen(actions, 0, redirect.file().getPath(), Libc.O_RDONLY, 0),
                    "addopen stdin");
        }
    }

    private void output(Memory actions, Redirect redirect, int fd, int[] pipe) {
        switch (redirect.type()) {
            case PIPE -> checked(libc.posix_spawn_file_actions_adddup2(actions, pipe[1], fd), "adddup2");
            case WRITE, APPEND -> {
                int flags = Libc.O_WRONLY | Libc.O_CREAT
                        | (redirect.type() == Redirect.Type.APPEND ? Libc.O_APPEND : Libc.O_TRUNC);
                checked(libc.posix_spawn_file_actions_addopen(actions, fd, redirect.file().getPath(), flags, 0666),
                        "addopen");
            }
            default -> {
                // INHERIT: the host's own fd stays
            }
        }
    }

    // the host's end of the pipe as a stream of its own; the pipe's fds are closed by start() after
    private static InputStream readEnd(int[] pipe) throws IOException {
        if (pipe == null) {
            return InputStream.nullInputStream();
        }
        return new ChildPipeInputStream(new FileInputStream(SELF_FDS.resolve(Integer.toString(pipe[0])).toFile()));
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
                closeQuietly(fd);
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

    /** Starts no more children; their exits are still noticed until the last one was reaped. */
    @Override
    public void close() {
        reaper.close();
    }
}
