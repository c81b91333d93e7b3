package dev.rpcplugin.client.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.util.Map;

/**
 * The glibc functions {@link NativeSpawner} calls, through JNA. Constants are those of Linux on
 * x86-64 and AArch64, the only platforms it is used on.
 */
interface Libc extends Library {

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0x40;
    int O_TRUNC = 0x200;
    int O_APPEND = 0x400;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int WNOHANG = 1;
    int EINTR = 4;
    int ENOEXEC = 8;
    int ESRCH = 3;
    int SIGKILL = 9;
    int SIGTERM = 15;
    short POLLIN = 1;
    short POSIX_SPAWN_SETSIGDEF = 0x04;
    short POSIX_SPAWN_SETSIGMASK = 0x08;
    long SYS_PIDFD_OPEN = 434;

    /** Room for glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) or sigset_t (128). */
    int OPAQUE_SIZE = 512;

    static Libc load() {
        return Native.load("c", Libc.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
    }

    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attributes, StringArray argv,
            StringArray envp);

    int posix_spawnp(IntByReference pid, String file, Pointer fileActions, Pointer attributes, StringArray argv,
            StringArray envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

    /** glibc 2.29 and later. */
    int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    /** glibc 2.34 and later. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer signals);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    int sigemptyset(Pointer signals);

    int sigfillset(Pointer signals);

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int eventfd(int initialValue, int flags) throws LastErrorException;

    long read(int fd, byte[] buffer, long count) throws LastErrorException;

    long write(int fd, byte[] buffer, long count) throws LastErrorException;

    int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    long syscall(long number, Object... arguments) throws LastErrorException;

    String strerror(int error);
}
