package dev.rpcplugin.security;

/**
 * A certificate or key source could not be read at all: the file does not exist or is not readable,
 * or the environment variable is not set.
 */
public class SourceNotReadableException extends SecurityConfigException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source  the source that could not be read
     * @param problem why, e.g. {@code no such file}
     */
    public SourceNotReadableException(String source, String problem) {
        super(source, problem);
    }

    /**
     * @param source  the source that could not be read
     * @param problem why, e.g. {@code permission denied}
     * @param cause   the underlying I/O failure
     */
    public SourceNotReadableException(String source, String problem, Throwable cause) {
        super(source, problem, cause);
    }
}
