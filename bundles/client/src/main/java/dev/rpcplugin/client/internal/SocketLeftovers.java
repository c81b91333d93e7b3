package dev.rpcplugin.client.internal;

import dev.rpcplugin.transport.OrphanedSocketDirectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what hosts and plugins killed without a chance to clean up (SIGKILL, the OOM killer) left: a
 * host's plugins were killed with it, so nothing will use those sockets again. In the host's socket
 * directory parent, socket directories, by {@link OrphanedSocketDirectories}'s rules: only this user's
 * directories with a name a host ({@link SocketDirectory}) or a listener gives, whose owner file names
 * a process of this pid namespace that is gone. In the temp directories, the dead sockets of go-plugin
 * plugins that ignore the host's socket directory ({@link LeftoverSocket#removeDead}).
 */
public final class SocketLeftovers {

    private static final Logger LOG = LoggerFactory.getLogger(SocketLeftovers.class);

    private SocketLeftovers() {
    }

    /**
     * Removes orphaned socket directories directly in {@code parent} and dead go-plugin sockets in the
     * temp directories. Never throws.
     *
     * @param parent the hosts' socket directory parent; null for the default ({@link SocketDirectory#create})
     * @return what was removed
     */
    public static List<Path> sweep(Path parent) {
        Path where = parent != null ? parent : SocketDirectory.defaultParent();
        List<Path> removed = new ArrayList<>(OrphanedSocketDirectories.remove(where,
                name -> SocketDirectory.isDirectoryName(name) || OrphanedSocketDirectories.isListenerDirectoryName(name)));
        removed.addAll(LeftoverSocket.removeDead(null, LeftoverSocket.DEAD_SOCKET_MIN_AGE));
        if (!removed.isEmpty()) {
            LOG.info("removed sockets and socket directories left by processes that were killed: {}", removed);
        }
        return removed;
    }
}
