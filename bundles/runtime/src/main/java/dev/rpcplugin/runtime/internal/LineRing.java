package dev.rpcplugin.runtime.internal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The most recent stderr lines of one plugin across its incarnations, bounded in lines and in line
 * length. Written by the host's pipe poller, read by the admin. Thread-safe.
 */
final class LineRing {

    /** Longest line kept, in characters; longer ones are cut. */
    static final int MAX_LINE = 2000;

    private final ArrayDeque<String> lines = new ArrayDeque<>(); // guarded by itself
    private int capacity; // guarded by lines

    LineRing(int capacity) {
        this.capacity = capacity;
    }

    void add(String line) {
        String kept = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
        synchronized (lines) {
            if (capacity == 0) {
                return;
            }
            while (lines.size() >= capacity) {
                lines.removeFirst();
            }
            lines.addLast(kept);
        }
    }

    /** Changes the bound, dropping the oldest lines if needed. */
    void resize(int newCapacity) {
        synchronized (lines) {
            capacity = newCapacity;
            while (lines.size() > capacity) {
                lines.removeFirst();
            }
        }
    }

    /** Up to {@code max} of the newest lines, oldest first. */
    List<String> last(int max) {
        synchronized (lines) {
            int skip = Math.max(0, lines.size() - Math.max(0, max));
            return lines.stream().skip(skip).toList();
        }
    }
}
