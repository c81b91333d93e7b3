package dev.rpcplugin.handshake;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** The one rule for app protocol version sets, shared by host and plugin side. */
final class AppVersions {

    private AppVersions() {
    }

    /**
     * @param owner whose versions these are, for the message ("the host", "a plugin")
     * @return the versions, ascending, without duplicates, unmodifiable
     * @throws IllegalArgumentException if there is none, or one is null or negative
     */
    static SortedSet<Integer> checked(Collection<Integer> versions, String owner) {
        SortedSet<Integer> copy = new TreeSet<>();
        for (Integer version : Objects.requireNonNull(versions, "versions")) {
            if (version == null || version < 0) {
                throw new IllegalArgumentException("app protocol versions must be non-negative integers, "
                        + owner + " gave " + versions);
            }
            copy.add(version);
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(owner + " must speak at least one app protocol version");
        }
        return Collections.unmodifiableSortedSet(copy);
    }
}
