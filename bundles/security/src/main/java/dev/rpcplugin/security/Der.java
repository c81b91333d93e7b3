package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.DerReader;
import dev.rpcplugin.security.internal.PrivateKeys;
import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * DER encodings of certificates and private keys, and the unpadded base64 DER that carries the
 * plugin's certificate in field 6 of the handshake line.
 */
public final class Der {
    private Der() {
    }

    /**
     * @param certificate a certificate
     * @return its DER encoding
     * @throws IllegalArgumentException if the certificate object cannot be encoded
     */
    public static byte[] encodeCertificate(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes exactly one DER certificate; trailing bytes are an error.
     *
     * @param der    the DER bytes
     * @param source where they came from, for messages
     * @return the certificate
     * @throws InvalidCredentialException if the bytes are not one X.509 certificate
     */
    public static X509Certificate decodeCertificate(byte[] der, String source) throws InvalidCredentialException {
        if (der.length == 0) {
            throw new InvalidCredentialException(source, "empty, expected a DER X.509 certificate");
        }
        try {
            DerReader.read(der); // rejects trailing data, which CertificateFactory ignores
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (DerReader.MalformedDerException | CertificateException | RuntimeException e) {
            throw new InvalidCredentialException(source, "not a DER X.509 certificate (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param key a private key whose encoding is available
     * @return its PKCS#8 DER encoding
     * @throws IllegalArgumentException if the key does not reveal a PKCS#8 encoding (e.g. a hardware key)
     */
    public static byte[] encodePrivateKey(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException(key.getAlgorithm() + " private key has no PKCS#8 encoding (format "
                    + key.getFormat() + ")");
        }
        return encoded;
    }

    /**
     * Decodes a private key in PKCS#8, SEC1 (EC) or PKCS#1 (RSA) DER, told apart by structure.
     *
     * @param der    the DER bytes
     * @param source where they came from, for messages
     * @return the key, as a JDK key object
     * @throws InvalidCredentialException if the bytes are none of these formats or the algorithm is unsupported
     */
    public static PrivateKey decodePrivateKey(byte[] der, String source) throws InvalidCredentialException {
        return PrivateKeys.fromDer(der, source);
    }

    /**
     * Encodes a certificate as go-plugin writes handshake field 6: standard base64 alphabet, no padding.
     *
     * @param certificate a certificate
     * @return base64 of its DER without {@code =} padding or line breaks
     */
    public static String encodeBase64Certificate(X509Certificate certificate) {
        return Base64.getEncoder().withoutPadding().encodeToString(encodeCertificate(certificate));
    }

    /**
     * Decodes handshake field 6: base64 (padded or not) of one DER certificate.
     *
     * @param base64 the field's text
     * @param source where it came from, for messages (e.g. {@code handshake field 6})
     * @return the certificate
     * @throws InvalidCredentialException if the text is empty, not base64, or not a DER certificate
     */
    public static X509Certificate decodeBase64Certificate(String base64, String source)
            throws InvalidCredentialException {
        String trimmed = base64.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidCredentialException(source, "empty, expected a base64 DER certificate");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidCredentialException(source, "not base64 (" + e.getMessage() + ")", e);
        }
        return decodeCertificate(der, source);
    }
}
