package dev.rpcplugin.examples.support.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Sets up slf4j-simple for a command-line host: everything on stderr (stdout carries the command's
 * answer), one line per record with time, level and logger name, and the level taken from an
 * environment variable. Must run before the first logger is made; {@code -D} settings win.
 */
public final class HostLogging {

    /** The level names accepted, as go-plugin's example hosts (hclog) accept them. */
    public static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private HostLogging() {
    }

    /**
     * @param variable the environment variable holding the level, e.g. {@code KV_HOST_LOG_LEVEL}
     * @param value its value, or null when unset
     * @param defaultLevel the level when unset or empty
     * @throws IllegalArgumentException naming the variable and the bad value
     */
    public static void configure(String variable, String value, String defaultLevel) {
        String level = value == null || value.isEmpty() ? defaultLevel : value.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException(variable + "=\"" + value
                    + "\" is not a log level (trace, debug, info, warn, error, off)");
        }
        setDefault("defaultLogLevel", level);
        setDefault("logFile", "System.err");
        setDefault("showDateTime", "true");
        setDefault("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("showThreadName", "false");
        setDefault("levelInBrackets", "true");
        // the level is meant for the host and its plugins; grpc's and Netty's own debug output
        // (every HTTP/2 frame) would drown them
        if (level.equals("trace") || level.equals("debug")) {
            setDefault("log.io.grpc", "info");
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
