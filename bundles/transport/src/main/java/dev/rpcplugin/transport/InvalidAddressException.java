package dev.rpcplugin.transport;

/**
 * A network name or address cannot be used: an unknown network ({@code unknown address type: X}),
 * a malformed {@code host:port}, or a Unix socket path that is relative or too long.
 */
public final class InvalidAddressException extends IllegalArgumentException {

    /**
     * @param message what is wrong, naming the bad value
     */
    public InvalidAddressException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the bad value
     * @param cause the underlying failure
     */
    public InvalidAddressException(String message, Throwable cause) {
        super(message, cause);
    }
}
