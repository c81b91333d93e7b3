package dev.rpcplugin.client.internal;

import java.util.Locale;

/** The five hclog levels a plugin's stderr line can carry. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR;

    /**
     * Maps an hclog {@code @level} value, ignoring case and surrounding blanks.
     *
     * @return the level, or null when the value names none of the five (go-plugin then logs the raw
     *     line at DEBUG)
     */
    static LogLevel fromHclog(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "trace": return TRACE;
            case "debug": return DEBUG;
            case "info": return INFO;
            case "warn": return WARN;
            case "error": return ERROR;
            default: return null;
        }
    }
}
