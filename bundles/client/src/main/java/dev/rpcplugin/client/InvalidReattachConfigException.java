package dev.rpcplugin.client;

/** A reattach configuration (usually JSON from an environment variable) is malformed or incomplete. */
public final class InvalidReattachConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the bad field and value
     * @param cause underlying parse failure, or null
     */
    public InvalidReattachConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
