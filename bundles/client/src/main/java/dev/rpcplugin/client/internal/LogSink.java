package dev.rpcplugin.client.internal;

/** Where forwarded plugin log records end up (SLF4J in production, a recorder in tests). */
public interface LogSink {

    /** Whether records at this level would be kept; lets callers skip formatting. */
    boolean isEnabled(LogLevel level);

    /** Writes one record; {@code message} is final text, never a format pattern. */
    void log(LogLevel level, String message);
}
