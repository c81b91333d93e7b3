package dev.rpcplugin.protocol;

import java.io.IOException;

/**
 * A broker operation failed: no connection info arrived in time, the broker or its stream is
 * closed, the peer sent an unusable address, or a listener or channel could not be set up.
 */
public final class BrokerException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the broker id where there is one
     */
    public BrokerException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the broker id where there is one
     * @param cause the underlying failure
     */
    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
