package dev.rpcplugin.client.internal;

import java.util.Objects;
import org.slf4j.Logger;

/** Writes forwarded plugin records to one SLF4J logger. */
public final class Slf4jLogSink implements LogSink {

    private final Logger logger;

    public Slf4jLogSink(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public boolean isEnabled(LogLevel level) {
        switch (level) {
            case TRACE: return logger.isTraceEnabled();
            case DEBUG: return logger.isDebugEnabled();
            case INFO: return logger.isInfoEnabled();
            case WARN: return logger.isWarnEnabled();
            default: return logger.isErrorEnabled();
        }
    }

    @Override
    public void log(LogLevel level, String message) {
        // single-argument calls: SLF4J does not look for {} placeholders in them
        switch (level) {
            case TRACE: logger.trace(message); break;
            case DEBUG: logger.debug(message); break;
            case INFO: logger.info(message); break;
            case WARN: logger.warn(message); break;
            default: logger.error(message); break;
        }
    }
}
