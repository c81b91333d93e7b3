package dev.rpcplugin.server.internal;

/** The plugin cannot start; the message says why and is logged as hclog ERROR before exiting 1. */
public final class StartFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the bad value
     * @param cause the underlying failure, or null
     */
    public StartFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
