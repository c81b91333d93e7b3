package dev.rpcplugin.examples.support;

/** A key that a {@link ValueStore} cannot keep: it contains {@code /} or NUL. */
public final class InvalidKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param key the rejected key, quoted in the message
     */
    public InvalidKeyException(String key) {
        super("key \"" + key.replace("\0", "\\x00") + "\" must not contain '/' or NUL");
    }
}
