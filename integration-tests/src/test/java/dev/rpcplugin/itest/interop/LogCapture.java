package dev.rpcplugin.itest.interop;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Captures what the host's SLF4J loggers under one prefix write. The test binding is slf4j-simple,
 * which writes {@code [thread] LEVEL logger - message} lines to {@code System.err}; this tees
 * {@code System.err} while open and parses those lines back into records. Opening it enables TRACE
 * for loggers under the prefix (slf4j-simple reads per-logger levels when a logger is created, so give
 * every test its own prefix).
 */
final class LogCapture implements AutoCloseable {

    private static final Pattern LINE = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");

    private final String prefix;
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /** One forwarded log record. */
    record Entry(String level, String logger, String message) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    LogCapture(String loggerPrefix) {
        this.prefix = loggerPrefix;
        System.setProperty("org.slf4j.simpleLogger.log." + loggerPrefix, "trace");
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The records of loggers under the prefix so far. */
    List<Entry> entries() {
        String text;
        synchronized (buffer) {
            text = buffer.toString(StandardCharsets.UTF_8);
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && (m.group(2).equals(prefix) || m.group(2).startsWith(prefix + "."))) {
                entries.add(new Entry(m.group(1), m.group(2), m.group(3)));
            }
        }
        return entries;
    }

    /** Waits (up to 10 s) for a record whose message starts with {@code messageStart}, and returns it. */
    Entry await(String messageStart) {
        try {
            return Await.value("a log record starting with \"" + messageStart + "\" under " + prefix, Duration.ofSeconds(10),
                    () -> entries().stream().filter(e -> e.message().startsWith(messageStart)).findFirst().orElse(null));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; captured: " + entries(), e);
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
