package dev.rpcplugin.client.internal;

import java.util.ArrayDeque;
import java.util.List;

/** The last few lines a plugin wrote (bounded), for error messages. Thread-safe. */
public final class LineTail {

    /** Longest line kept, in characters; longer ones are cut. */
    static final int MAX_KEPT = 1000;

    private final int capacity;
    private final ArrayDeque<String> lines;

    /** @param capacity how many lines to keep; 0 keeps none */
    public LineTail(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("line tail capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Adds a line, dropping the oldest when full. */
    public void add(String line) {
        if (capacity == 0) {
            return;
        }
        String kept = line.length() > MAX_KEPT ? line.substring(0, MAX_KEPT) + "…" : line;
        synchronized (lines) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(kept);
        }
    }

    /** The kept lines, oldest first. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The kept lines joined by newlines, or an empty string. */
    public String text() {
        return String.join("\n", lines());
    }
}
