package dev.rpcplugin.examples.support;

/**
 * A host command failed; the message is printed after the program's name, e.g.
 * {@code kv-host: get "a": NOT_FOUND: no value stored for key "a"}.
 */
public final class CommandFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and why
     */
    public CommandFailedException(String message) {
        super(message);
    }

    /**
     * @param message what failed and why
     * @param cause the underlying failure
     */
    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
