package dev.rpcplugin.client.internal;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.Charset;

/**
 * The C library functions {@link NativeSpawner} calls, bound through JNA's {@link Function}s rather
 * than a library interface: JNA keeps an interface's class in a static map, which would hold a
 * refreshed client bundle's class loader for good. Functions that report failure in {@code errno}
 * throw {@link com.sun.jna.LastErrorException}. Constants are those of Linux on x86-64 and AArch64, the
 * only platforms it is used on.
 */
final class Libc {

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0x40;
    static final int O_TRUNC = 0x200;
    static final int O_APPEND = 0x400;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int WNOHANG = 1;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int ENOEXEC = 8;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final short POLLIN = 1;
    static final short POSIX_SPAWN_SETPGROUP = 0x02;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final long SYS_PIDFD_OPEN = 434;

    /** Room for glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) or sigset_t (128). */
    static final int OPAQUE_SIZE = 512;

    /** How the JDK encodes command lines, environments and file names for the operating system. */
    final Charset encoding;

    private final NativeLibrary c;
    private final Function posixSpawn;
    private final Function posixSpawnp;
    private final Function fileActionsInit;
    private final Function fileActionsDestroy;
    private final Function fileActionsAdddup2;
    private final Function fileActionsAddopen;
    private final Function fileActionsAddchdir;
    private final Function fileActionsAddclosefrom;
    private final Function attrInit;
    private final Function attrDestroy;
    private final Function attrSetflags;
    private final Function attrSetsigmask;
    private final Function sigemptyset;
    private final Function pipe2;
    private final Function close;
    private final Function eventfd;
    private final Function read;
    private final Function write;
    private final Function poll;
    private final Function waitpid;
    private final Function kill;
    private final Function syscall;
    private final Function strerror;

    /**
     * @throws UnsatisfiedLinkError if the C library or one of the functions is missing (glibc before
     *     2.34 lacks {@code posix_spawn_file_actions_addclosefrom_np})
     */
    Libc() {
        encoding = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        c = NativeLibrary.getInstance("c");
        posixSpawn = plain("posix_spawn");
        posixSpawnp = plain("posix_spawnp");
        fileActionsInit = plain("posix_spawn_file_actions_init");
        fileActionsDestroy = plain("posix_spawn_file_actions_destroy");
        fileActionsAdddup2 = plain("posix_spawn_file_actions_adddup2");
        fileActionsAddopen = plain("posix_spawn_file_actions_addopen");
        fileActionsAddchdir = plain("posix_spawn_file_actions_addchdir_np");
        fileActionsAddclosefrom = plain("posix_spawn_file_actions_addclosefrom_np");
        attrInit = plain("posix_spawnattr_init");
        attrDestroy = plain("posix_spawnattr_destroy");
        attrSetflags = plain("posix_spawnattr_setflags");
        attrSetsigmask = plain("posix_spawnattr_setsigmask");
        sigemptyset = plain("sigemptyset");
        pipe2 = withErrno("pipe2");
        close = withErrno("close");
        eventfd = withErrno("eventfd");
        read = withErrno("read");
        write = withErrno("write");
        poll = withErrno("poll");
        waitpid = withErrno("waitpid");
        kill = withErrno("kill");
        syscall = withErrno("syscall");
        strerror = plain("strerror");
    }

    private Function plain(String name) {
        return c.getFunction(name);
    }

    private Function withErrno(String name) {
        return c.getFunction(name, Function.THROW_LAST_ERROR);
    }

    /** A NUL-terminated copy of {@code text} in the JDK's encoding for the operating system. */
    Memory string(String text) {
        byte[] bytes = text.getBytes(encoding);
        Memory memory = new Memory(bytes.length + 1L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }

    StringArray strings(String[] texts) {
        return new StringArray(texts, encoding.name());
    }

    int posixSpawn(IntByReference pid, Memory path, Pointer actions, Pointer attributes, StringArray argv,
            StringArray envp) {
        return posixSpawn.invokeInt(new Object[] {pid, path, actions, attributes, argv, envp});
    }

    int posixSpawnp(IntByReference pid, Memory file, Pointer actions, Pointer attributes, StringArray argv,
            StringArray envp) {
        return posixSpawnp.invokeInt(new Object[] {pid, file, actions, attributes, argv, envp});
    }

    int fileActionsInit(Pointer actions) {
        return fileActionsInit.invokeInt(new Object[] {actions});
    }

    int fileActionsDestroy(Pointer actions) {
        return fileActionsDestroy.invokeInt(new Object[] {actions});
    }

    int fileActionsAdddup2(Pointer actions, int fd, int newFd) {
        return fileActionsAdddup2.invokeInt(new Object[] {actions, fd, newFd});
    }

    int fileActionsAddopen(Pointer actions, int fd, Memory path, int flags, int mode) {
        return fileActionsAddopen.invokeInt(new Object[] {actions, fd, path, flags, mode});
    }

    int fileActionsAddchdir(Pointer actions, Memory path) {
        return fileActionsAddchdir.invokeInt(new Object[] {actions, path});
    }

    int fileActionsAddclosefrom(Pointer actions, int from) {
        return fileActionsAddclosefrom.invokeInt(new Object[] {actions, from});
    }

    int attrInit(Pointer attributes) {
        return attrInit.invokeInt(new Object[] {attributes});
    }

    int attrDestroy(Pointer attributes) {
        return attrDestroy.invokeInt(new Object[] {attributes});
    }

    int attrSetflags(Pointer attributes, short flags) {
        return attrSetflags.invokeInt(new Object[] {attributes, flags});
    }

    int attrSetsigmask(Pointer attributes, Pointer signals) {
        return attrSetsigmask.invokeInt(new Object[] {attributes, signals});
    }

    int sigemptyset(Pointer signals) {
        return sigemptyset.invokeInt(new Object[] {signals});
    }

    void pipe2(int[] fds, int flags) {
        pipe2.invokeInt(new Object[] {fds, flags});
    }

    void close(int fd) {
        close.invokeInt(new Object[] {fd});
    }

    int eventfd(int initialValue, int flags) {
        return eventfd.invokeInt(new Object[] {initialValue, flags});
    }

    long read(int fd, byte[] buffer) {
        return read.invokeLong(new Object[] {fd, buffer, (long) buffer.length});
    }

    long write(int fd, byte[] buffer) {
        return write.invokeLong(new Object[] {fd, buffer, (long) buffer.length});
    }

    int poll(Pointer fds, long count, int timeoutMillis) {
        return poll.invokeInt(new Object[] {fds, count, timeoutMillis});
    }

    int waitpid(int pid, IntByReference status, int options) {
        return waitpid.invokeInt(new Object[] {pid, status, options});
    }

    void kill(int pid, int signal) {
        kill.invokeInt(new Object[] {pid, signal});
    }

    int pidfdOpen(int pid) {
        return (int) syscall.invokeLong(new Object[] {SYS_PIDFD_OPEN, (long) pid, 0L});
    }

    String strerror(int error) {
        return strerror.invokeString(new Object[] {error}, false);
    }
}
