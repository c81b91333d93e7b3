package dev.rpcplugin.security;

/**
 * A certificate or key source was read but its content is unusable: no PEM block of the expected
 * kind, malformed base64 or DER, an unsupported or encrypted key, or a key that does not belong to
 * the certificate.
 */
public class InvalidCredentialException extends SecurityConfigException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source  the source whose content is unusable
     * @param problem what is wrong with it
     */
    public InvalidCredentialException(String source, String problem) {
        super(source, problem);
    }

    /**
     * @param source  the source whose content is unusable
     * @param problem what is wrong with it
     * @param cause   the underlying parse failure
     */
    public InvalidCredentialException(String source, String problem, Throwable cause) {
        super(source, problem, cause);
    }
}
