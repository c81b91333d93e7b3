package dev.rpcplugin.client.internal;

import dev.rpcplugin.transport.OrphanedSocketDirectories;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the socket directories that hosts and plugins killed without a chance to clean up (SIGKILL,
 * the OOM killer) left in a host's socket directory parent: a host's plugins were killed with it, so
 * nothing will use those directories again. The rules are {@link OrphanedSocketDirectories}'s: only
 * this user's directories with a name a host ({@link SocketDirectory}) or a listener gives, whose
 * owner file names a process of this pid namespace that is gone.
 */
public final class StaleSocketDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(StaleSocketDirectories.class);

    private StaleSocketDirectories() {
    }

    /**
     * Removes the stale socket directories directly in {@code parent}. Never throws.
     *
     * @param parent the hosts' socket directory parent; null for the default ({@link SocketDirectory#create})
     * @return the directories removed
     */
    public static List<Path> sweep(Path parent) {
        Path where = parent != null ? parent : SocketDirectory.defaultParent();
        List<Path> removed = OrphanedSocketDirectories.remove(where,
                name -> SocketDirectory.isDirectoryName(name) || OrphanedSocketDirectories.isListenerDirectoryName(name));
        if (!removed.isEmpty()) {
            LOG.info("removed {} socket director{} left by processes that were killed: {}", removed.size(),
                    removed.size() == 1 ? "y" : "ies", removed);
        }
        return removed;
    }
}
