package dev.rpcplugin.client;

/**
 * Base of every checked failure of this package. Subclasses say what failed; the message says why
 * and names the bad value.
 */
public abstract class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and why
     * @param cause the underlying failure, or null
     */
    protected PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
