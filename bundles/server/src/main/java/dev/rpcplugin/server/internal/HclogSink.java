package dev.rpcplugin.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.TimeZone;

/**
 * Writes hclog JSON lines to one output stream (in a plugin: the real stderr, file descriptor 2),
 * one whole line per write so that lines from different threads never interleave.
 *
 * <p>Write failures (the host closed its end of the pipe) are swallowed: logging must never take
 * the plugin down. Thread-safe.
 */
public final class HclogSink {

    private final OutputStream out;
    private final Clock clock;
    private final HclogTimestamp timestamps;

    /**
     * Creates a sink.
     *
     * @param out where lines go; flushed after each line
     */
    public HclogSink(OutputStream out) {
        this(out, Clock.systemUTC(), TimeZone.getDefault());
    }

    /**
     * Creates a sink with a given clock and zone (for tests).
     *
     * @param out where lines go; flushed after each line
     * @param clock source of the {@code @timestamp} instant
     * @param zone decides the printed local time and offset
     */
    public HclogSink(OutputStream out, Clock clock, TimeZone zone) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timestamps = new HclogTimestamp(zone);
    }

    /**
     * Formats and writes one record.
     *
     * @param level the {@code @level} value
     * @param module the logger name, or empty
     * @param message the message
     * @param keyValues alternating keys and values
     */
    public void write(String level, String module, String message, Object[] keyValues) {
        String line = HclogJson.line(level, message, module, timestamps.format(clock.instant()), keyValues);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException hostGone) {
                // nobody reads our stderr any more; dropping the line is all we can do
            }
        }
    }
}
