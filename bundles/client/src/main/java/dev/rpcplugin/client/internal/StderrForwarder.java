package dev.rpcplugin.client.internal;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a plugin's stderr lines into log records with go-plugin's rules: hclog JSON lines keep their
 * level, message and key/value pairs; other lines get their level from a {@code [TRACE]}/{@code [DEBUG]}/
 * {@code [INFO]}/{@code [WARN]}/{@code [ERROR]} prefix, else DEBUG; after a line starting with
 * {@code panic: } or {@code fatal error: }, every later plain line is an ERROR (the stack trace).
 * Every line is also copied raw to an optional sink and kept in a bounded tail.
 *
 * <p>Called by one reader thread only (the panic flag is not shared); the tail is thread-safe.
 */
public final class StderrForwarder implements LineSink {

    private final HclogLineParser parser = new HclogLineParser();
    private final LogSink log;
    private final Consumer<String> rawCopy;
    private final LineTail tail;
    private boolean panicking;

    /**
     * @param log receives the records
     * @param rawCopy receives every line as written, or null
     * @param tail keeps the last lines
     */
    public StderrForwarder(LogSink log, Consumer<String> rawCopy, LineTail tail) {
        this.log = Objects.requireNonNull(log, "log");
        this.rawCopy = rawCopy;
        this.tail = Objects.requireNonNull(tail, "tail");
    }

    @Override
    public void line(String line, boolean piece) {
        tail.add(line);
        if (piece) {
            logRaw(LogLevel.DEBUG, line);
        } else if (log.isEnabled(LogLevel.ERROR)) { // nothing is logged at all: skip parsing
            forward(line);
        }
        if (rawCopy != null) {
            rawCopy.accept(line); // last: a throwing sink must not cost the log record
        }
    }

    private void forward(String line) {
        if (!panicking && !log.isEnabled(LogLevel.DEBUG)) {
            // a busy plugin logs a line per call: drop disabled hclog lines without parsing them; with
            // DEBUG off, a line that would not parse is dropped too, so the outcome is the same
            LogLevel claimed = HclogLineParser.leadingLevel(line);
            if (claimed != null && !log.isEnabled(claimed)) {
                return;
            }
        }
        HclogRecord record = parser.parse(line);
        if (record != null) {
            if (record.level() == null) {
                logRaw(LogLevel.DEBUG, line);
            } else if (log.isEnabled(record.level())) {
                log.log(record.level(), record.text());
            }
            return;
        }
        if (line.startsWith("panic: ") || line.startsWith("fatal error: ")) {
            panicking = true;
        }
        logRaw(panicking ? LogLevel.ERROR : prefixLevel(line), line);
    }

    private void logRaw(LogLevel level, String line) {
        if (log.isEnabled(level)) {
            log.log(level, line);
        }
    }

    private static LogLevel prefixLevel(String line) {
        if (line.startsWith("[TRACE]")) {
            return LogLevel.TRACE;
        } else if (line.startsWith("[DEBUG]")) {
            return LogLevel.DEBUG;
        } else if (line.startsWith("[INFO]")) {
            return LogLevel.INFO;
        } else if (line.startsWith("[WARN]")) {
            return LogLevel.WARN;
        } else if (line.startsWith("[ERROR]")) {
            return LogLevel.ERROR;
        }
        return LogLevel.DEBUG;
    }
}
