package dev.rpcplugin.transport;

/**
 * No port of the configured range ({@code PLUGIN_MIN_PORT}..{@code PLUGIN_MAX_PORT}) could be bound
 * on 127.0.0.1. The cause, if any, is the failure of the last port tried.
 */
public final class PortRangeExhaustedException extends TransportException {

    /** First port tried. */
    private final int minPort;
    /** Last port tried. */
    private final int maxPort;

    /**
     * @param minPort first port tried
     * @param maxPort last port tried
     * @param lastFailure why the last port could not be bound, or {@code null}
     */
    public PortRangeExhaustedException(int minPort, int maxPort, Throwable lastFailure) {
        super("couldn't bind plugin TCP listener: no free port in 127.0.0.1:" + minPort + "-" + maxPort,
                lastFailure);
        this.minPort = minPort;
        this.maxPort = maxPort;
    }

    /** @return the first port of the exhausted range */
    public int minPort() {
        return minPort;
    }

    /** @return the last port of the exhausted range */
    public int maxPort() {
        return maxPort;
    }
}
