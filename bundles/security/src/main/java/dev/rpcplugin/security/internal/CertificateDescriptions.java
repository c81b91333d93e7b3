package dev.rpcplugin.security.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Short, log-safe descriptions of certificates for error messages: subject and SHA-256 fingerprint. */
public final class CertificateDescriptions {
    private CertificateDescriptions() {
    }

    /**
     * @param certificate a certificate
     * @return e.g. {@code subject CN=localhost,O=HashiCorp, sha256 3f2a…} (full 64 hex digits)
     */
    public static String describe(X509Certificate certificate) {
        return "subject " + certificate.getSubjectX500Principal().getName() + ", sha256 " + sha256Hex(certificate);
    }

    /**
     * @param certificate a certificate
     * @return the lower-case hex SHA-256 digest of its DER encoding, or {@code <not encodable>}
     */
    public static String sha256Hex(X509Certificate certificate) {
        try {
            return sha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            return "<not encodable>";
        }
    }

    /**
     * @param bytes any bytes
     * @return their lower-case hex SHA-256 digest
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * @return a fresh SHA-256 digest; every Java platform must provide one
     */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java platform lacks SHA-256", e);
        }
    }
}
