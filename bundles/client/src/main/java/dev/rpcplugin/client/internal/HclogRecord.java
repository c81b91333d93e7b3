package dev.rpcplugin.client.internal;

/**
 * One hclog JSON line, decoded.
 *
 * @param level the {@code @level}, or null when missing or not one of the five hclog levels
 * @param message the {@code @message}, empty when missing
 * @param pairs every other key as {@code key=value} text, each preceded by a blank (may be empty),
 *     ending with the {@code timestamp} pair when the line had one
 */
public record HclogRecord(LogLevel level, String message, String pairs) {

    /** The text to log: the message followed by the pairs. */
    public String text() {
        return pairs.isEmpty() ? message : message + pairs;
    }
}
