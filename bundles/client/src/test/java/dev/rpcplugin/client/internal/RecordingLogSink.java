package dev.rpcplugin.client.internal;

import java.util.ArrayList;
import java.util.List;

/** Keeps every record for assertions; enabled from a minimum level up. */
final class RecordingLogSink implements LogSink {

    record Entry(LogLevel level, String message) {
    }

    private final LogLevel minimum;
    private final List<Entry> entries = new ArrayList<>();

    RecordingLogSink(LogLevel minimum) {
        this.minimum = minimum;
    }

    @Override
    public boolean isEnabled(LogLevel level) {
        return minimum != null && level.compareTo(minimum) >= 0;
    }

    @Override
    public synchronized void log(LogLevel level, String message) {
        entries.add(new Entry(level, message));
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
