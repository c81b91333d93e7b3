package dev.rpcplugin.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent stderr (and stdio stream) lines of one plugin across its incarnations, bounded in
 * lines and in line length, each with the pid of the process that wrote it: a failing replacement and
 * the process still serving may write at the same time. Written by the host's pipe poller and the stdio
 * stream's thread, read by the admin. Thread-safe.
 */
final class LineRing {

    /** Longest line kept, in characters; longer ones are cut. */
    static final int MAX_LINE = 2000;

    /** The pid of a line whose process was not known. */
    static final long UNKNOWN_PID = -1;

    private record Line(long pid, String text) {
    }

    private final ArrayDeque<Line> lines = new ArrayDeque<>(); // guarded by itself
    private int capacity; // guarded by lines

    LineRing(int capacity) {
        this.capacity = capacity;
    }

    /**
     * @param pid the process that wrote the line, or {@link #UNKNOWN_PID}
     */
    void add(long pid, String line) {
        String kept = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
        synchronized (lines) {
            if (capacity == 0) {
                return;
            }
            while (lines.size() >= capacity) {
                lines.removeFirst();
            }
            lines.addLast(new Line(pid, kept));
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

    /**
     * Up to {@code max} of the newest lines, oldest first, each run of lines of one process after a
     * {@link #header} line naming it (headers do not count against {@code max}).
     */
    List<String> last(int max) {
        List<Line> newest;
        synchronized (lines) {
            int skip = Math.max(0, lines.size() - Math.max(0, max));
            newest = lines.stream().skip(skip).toList();
        }
        List<String> shown = new ArrayList<>(newest.size() + 1);
        long writer = 0;
        for (int i = 0; i < newest.size(); i++) {
            Line line = newest.get(i);
            if (i == 0 || line.pid() != writer) {
                writer = line.pid();
                shown.add(header(writer));
            }
            shown.add(line.text());
        }
        return shown;
    }

    /** The line put before the lines of process {@code pid}. */
    static String header(long pid) {
        return pid == UNKNOWN_PID ? "--- pid unknown ---" : "--- pid " + pid + " ---";
    }
}
