package dev.rpcplugin.server;

import dev.rpcplugin.server.internal.HclogJson;
import dev.rpcplugin.server.internal.HclogSink;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A structured logger for plugin code that writes hclog JSON lines, the log format go-plugin hosts
 * parse and re-log under their own logger: one JSON object per line with {@code @level},
 * {@code @message}, {@code @timestamp} (microseconds, local zone), {@code @module} when named, and
 * the key/value pairs given with each call.
 *
 * <pre>{@code
 * PluginLogger log = server.logger("kv");
 * log.info("put", "key", key, "bytes", value.length);
 * }</pre>
 *
 * <p>In a served plugin the lines go to the process's real stderr, which the host reads, even after
 * {@code System.err} has been redirected to the host's stdio stream. Loggers are immutable and
 * thread-safe; {@link #named} and {@link #with} return new loggers sharing the same output.
 */
public final class PluginLogger {

    private static final Object[] NONE = new Object[0];

    private final HclogSink sink;
    private final String name;
    private final LogLevel threshold;
    private final Object[] implied;

    PluginLogger(HclogSink sink, String name, LogLevel threshold, Object[] implied) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.name = Objects.requireNonNull(name, "name");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.implied = implied;
    }

    /**
     * A root (unnamed) logger writing to any stream, for plugin code that runs outside
     * {@link PluginServer} (tests, tools).
     *
     * @param out where the JSON lines go
     * @param threshold lowest level written
     * @return the logger
     */
    public static PluginLogger writingTo(OutputStream out, LogLevel threshold) {
        return new PluginLogger(new HclogSink(out), "", threshold, NONE);
    }

    /** The logger's name ({@code @module}); empty for the root logger. */
    public String name() {
        return name;
    }

    /** The lowest level this logger writes. */
    public LogLevel threshold() {
        return threshold;
    }

    /**
     * A logger whose name is this one's name plus {@code "." + name} (just {@code name} for the root),
     * like hclog's {@code Named}.
     *
     * @param name the name part to add; not empty
     * @return the named logger
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public PluginLogger named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("logger name must not be empty");
        }
        return new PluginLogger(sink, this.name.isEmpty() ? name : this.name + "." + name, threshold, implied);
    }

    /**
     * A logger that adds these key/value pairs to every line, like hclog's {@code With}.
     *
     * @param keyValues alternating keys and values; an odd trailing value is kept under
     *     {@code EXTRA_VALUE_AT_END} so later pairs stay aligned
     * @return the new logger
     */
    public PluginLogger with(Object... keyValues) {
        boolean odd = keyValues.length % 2 != 0;
        Object[] joined = Arrays.copyOf(implied, implied.length + keyValues.length + (odd ? 1 : 0));
        System.arraycopy(keyValues, 0, joined, implied.length, keyValues.length);
        if (odd) {
            joined[joined.length - 2] = HclogJson.EXTRA_VALUE_KEY;
            joined[joined.length - 1] = keyValues[keyValues.length - 1];
        }
        return new PluginLogger(sink, name, threshold, joined);
    }

    /** Whether a record at {@code level} would be written. */
    public boolean isEnabled(LogLevel level) {
        return level != LogLevel.OFF && level.ordinal() >= threshold.ordinal();
    }

    /**
     * Writes a record if {@code level} is enabled.
     *
     * @param level the record's level; {@link LogLevel#OFF} writes nothing
     * @param message the {@code @message}
     * @param keyValues alternating keys and values; a trailing odd value is logged under
     *     {@code EXTRA_VALUE_AT_END} as hclog does
     */
    public void log(LogLevel level, String message, Object... keyValues) {
        if (!isEnabled(level)) {
            return;
        }
        Object[] all = keyValues;
        if (implied.length > 0) {
            all = Arrays.copyOf(implied, implied.length + keyValues.length);
            System.arraycopy(keyValues, 0, all, implied.length, keyValues.length);
        }
        sink.write(level.hclogName(), name, message, all);
    }

    /** Writes a {@link LogLevel#TRACE} record; see {@link #log}. */
    public void trace(String message, Object... keyValues) {
        log(LogLevel.TRACE, message, keyValues);
    }

    /** Writes a {@link LogLevel#DEBUG} record; see {@link #log}. */
    public void debug(String message, Object... keyValues) {
        log(LogLevel.DEBUG, message, keyValues);
    }

    /** Writes an {@link LogLevel#INFO} record; see {@link #log}. */
    public void info(String message, Object... keyValues) {
        log(LogLevel.INFO, message, keyValues);
    }

    /** Writes a {@link LogLevel#WARN} record; see {@link #log}. */
    public void warn(String message, Object... keyValues) {
        log(LogLevel.WARN, message, keyValues);
    }

    /** Writes an {@link LogLevel#ERROR} record; see {@link #log}. */
    public void error(String message, Object... keyValues) {
        log(LogLevel.ERROR, message, keyValues);
    }
}
