package dev.rpcplugin.handshake;

/**
 * The TCP ports a plugin may listen on, inclusive ({@code PLUGIN_MIN_PORT} /
 * {@code PLUGIN_MAX_PORT}). Only plugins that listen on TCP (go-plugin: on Windows) use it; the
 * plugin takes the first free port from {@code min} upwards. {@code 0..0} means "let the operating
 * system choose".
 *
 * @param min lowest port, 0 to 65535
 * @param max highest port, {@code min} to 65535
 */
public record PortRange(int min, int max) {

    /** go-plugin's host default: 10000 to 25000. */
    public static final PortRange DEFAULT = new PortRange(10000, 25000);

    /** The range a plugin uses when neither variable is set: an OS-assigned port. */
    public static final PortRange OS_ASSIGNED = new PortRange(0, 0);

    /**
     * Validates the range.
     *
     * @throws IllegalArgumentException if a port is outside 0..65535 or {@code min > max}
     */
    public PortRange {
        if (min < 0 || min > 65535 || max < 0 || max > 65535) {
            throw new IllegalArgumentException("ports must be from 0 to 65535, got " + min + ".." + max);
        }
        if (min > max) {
            throw new IllegalArgumentException("PLUGIN_MIN_PORT value of " + min
                    + " is greater than PLUGIN_MAX_PORT value of " + max);
        }
    }

    /** Whether the plugin should let the operating system pick the port (both bounds 0). */
    public boolean osAssigned() {
        return min == 0 && max == 0;
    }
}
