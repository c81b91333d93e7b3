package dev.rpcplugin.security;

import java.security.GeneralSecurityException;

/**
 * A certificate, key, checksum or other security setting is missing or unusable. The message always
 * names the source (for example {@code environment variable PLUGIN_CLIENT_CERT} or
 * {@code file /etc/plugin/cert.pem}) and what is wrong with it.
 */
public class SecurityConfigException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** Where the bad value came from. */
    private final String source;

    /**
     * @param source  human-readable name of where the bad value came from
     * @param problem what is wrong, written to follow {@code source + ": "}
     */
    public SecurityConfigException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /**
     * @param source  human-readable name of where the bad value came from
     * @param problem what is wrong, written to follow {@code source + ": "}
     * @param cause   the underlying failure
     */
    public SecurityConfigException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /**
     * Returns where the bad value came from.
     *
     * @return the source name, e.g. {@code environment variable PLUGIN_CLIENT_CERT}
     */
    public String source() {
        return source;
    }
}
