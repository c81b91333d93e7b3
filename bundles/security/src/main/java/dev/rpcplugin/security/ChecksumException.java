package dev.rpcplugin.security;

/**
 * The executable's checksum could not be verified. Messages start with go-plugin's wording
 * {@code error verifying checksum: } and then name the file, e.g.
 * {@code error verifying checksum: file /opt/plugin: no such file}.
 */
public class ChecksumException extends SecurityConfigException {
    private static final long serialVersionUID = 1L;

    private static final String PREFIX = "error verifying checksum: ";

    /**
     * @param file    the executable as shown in messages, e.g. {@code file /opt/plugin}
     * @param problem what went wrong, e.g. {@code no such file}
     * @param cause   the underlying failure, or {@code null}
     */
    public ChecksumException(String file, String problem, Throwable cause) {
        super(file, problem, cause);
    }

    /** Prefixes go-plugin's wording so that log searches for it keep working. */
    @Override
    public String getMessage() {
        return PREFIX + super.getMessage();
    }
}
