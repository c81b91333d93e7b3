package dev.rpcplugin.shell.internal;

/**
 * A command used wrongly, or about a plugin or runtime that is not there: the shell prints the message.
 * Karaf's shell recognises an exception by this simple name and logs it at DEBUG; any other exception
 * a command throws it logs at ERROR with its stack trace, which an operator's typo does not deserve.
 */
public final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandException(String message) {
        super(message);
    }
}
