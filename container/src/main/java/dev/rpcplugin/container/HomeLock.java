package dev.rpcplugin.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One container per home: an exclusive lock on {@code data/container.lock}, held until the framework
 * has stopped. Felix's own cache lock cannot serve: the cache is cleaned at every start, which deletes
 * its lock file, so a second container would take a fresh one and wipe the running container's cache.
 * The file stays; the operating system drops the lock when the process ends, however it ends.
 */
final class HomeLock implements AutoCloseable {

    static final String FILE_NAME = "container.lock";

    private final FileChannel channel;

    private HomeLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock in {@code dataDir}, which must exist, or fails at once if another container holds it. */
    static HomeLock acquire(Path dataDir) throws LaunchException {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LaunchException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LaunchException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new LaunchException("another container is running in " + dataDir.getParent() + " (" + file
                    + " is locked); stop it first, or run a copy of the distribution");
        }
        return new HomeLock(channel);
    }

    /** Releases the lock (closing the channel releases it). */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process at the latest
        }
    }
}
