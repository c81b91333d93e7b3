package dev.rpcplugin.container;

/** A command line the launcher cannot accept; the message names the offending argument. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
