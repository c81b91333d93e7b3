package dev.rpcplugin.transport;

import java.io.IOException;

/**
 * A listener could not be opened or prepared: binding failed, the socket directory or its
 * permissions could not be set up, or a socket group is unknown. Whatever was created before the
 * failure has been removed again when this is thrown.
 */
public class TransportException extends IOException {

    /**
     * @param message what failed, naming the bad value
     */
    public TransportException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the bad value
     * @param cause the underlying failure
     */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
