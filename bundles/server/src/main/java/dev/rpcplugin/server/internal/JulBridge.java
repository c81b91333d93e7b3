package dev.rpcplugin.server.internal;

import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.PluginLogger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that turns records into hclog lines through a
 * {@link PluginLogger}, using the JUL logger name as {@code @module}. Installed on the root logger
 * in place of the default console handler, it also carries {@code System.Logger} output (the JDK's
 * default {@code System.LoggerFinder} logs through JUL) and grpc-java's own logging.
 *
 * <p>A record's exception goes into the fields {@code error} (its text) and {@code stacktrace}.
 *
 * <p>Levels: SEVERE = error, WARNING = warn, INFO = info, CONFIG and FINE = debug, FINER and FINEST =
 * trace. The root logger's level is left as configured (INFO by default), so grpc and Netty stay quiet.
 */
public final class JulBridge extends Handler {

    private final PluginLogger root;
    private final SimpleFormatter messages = new SimpleFormatter();
    private Handler[] replaced = new Handler[0];

    /**
     * Creates the handler.
     *
     * @param root the logger whose output and threshold are used; records are logged under their
     *     JUL logger name
     */
    public JulBridge(PluginLogger root) {
        this.root = Objects.requireNonNull(root, "root");
        setLevel(Level.ALL);
    }

    /**
     * Replaces the root JUL logger's handlers with a bridge to {@code root}.
     *
     * @param root where records go
     * @return the installed handler
     */
    public static JulBridge install(PluginLogger root) {
        Logger julRoot = LogManager.getLogManager().getLogger("");
        JulBridge bridge = new JulBridge(root);
        bridge.replaced = julRoot.getHandlers();
        for (Handler existing : bridge.replaced) {
            julRoot.removeHandler(existing);
        }
        julRoot.addHandler(bridge);
        return bridge;
    }

    /** Takes this handler off the root JUL logger and puts back the handlers it replaced. */
    public void uninstall() {
        Logger julRoot = LogManager.getLogManager().getLogger("");
        julRoot.removeHandler(this);
        for (Handler previous : replaced) {
            julRoot.addHandler(previous);
        }
    }

    /** Maps a JUL level to the hclog level used for it. */
    public static LogLevel levelOf(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return LogLevel.ERROR;
        } else if (value >= Level.WARNING.intValue()) {
            return LogLevel.WARN;
        } else if (value >= Level.INFO.intValue()) {
            return LogLevel.INFO;
        } else if (value >= Level.FINE.intValue()) {
            return LogLevel.DEBUG;
        }
        return LogLevel.TRACE;
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        LogLevel level = levelOf(record.getLevel());
        if (!root.isEnabled(level)) {
            return;
        }
        String name = record.getLoggerName();
        PluginLogger logger = name == null || name.isEmpty() ? root : root.named(name);
        String message = messages.formatMessage(record);
        Throwable thrown = record.getThrown();
        if (thrown == null) {
            logger.log(level, message);
        } else {
            // the host's log is the only place a plugin's failure shows: keep where it happened
            logger.log(level, message, "error", thrown, "stacktrace", stackTrace(thrown));
        }
    }

    static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    @Override
    public void flush() {
        // every line is flushed as it is written
    }

    @Override
    public void close() {
        // the output belongs to the plugin's logger, not to this handler
    }
}
