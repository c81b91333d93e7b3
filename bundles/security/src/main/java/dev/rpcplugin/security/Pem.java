package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.PemBlock;
import dev.rpcplugin.security.internal.PemCodec;
import dev.rpcplugin.security.internal.PrivateKeys;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM encodings of certificates ({@code CERTIFICATE}) and private keys: writes PKCS#8
 * ({@code PRIVATE KEY}); reads PKCS#8, SEC1 ({@code EC PRIVATE KEY}) and PKCS#1
 * ({@code RSA PRIVATE KEY}). Text outside PEM blocks is ignored, so a file may hold a certificate
 * and its key together.
 */
public final class Pem {
    private static final String CERTIFICATE = "CERTIFICATE";

    private Pem() {
    }

    /**
     * @param certificate a certificate
     * @return one {@code CERTIFICATE} block with 64-column lines, ending in a newline (the form
     *         go-plugin puts into {@code PLUGIN_CLIENT_CERT})
     */
    public static String encodeCertificate(X509Certificate certificate) {
        return PemCodec.write(CERTIFICATE, Der.encodeCertificate(certificate));
    }

    /**
     * @param chain certificates, leaf first
     * @return the concatenated {@code CERTIFICATE} blocks
     */
    public static String encodeCertificates(List<X509Certificate> chain) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            pem.append(encodeCertificate(certificate));
        }
        return pem.toString();
    }

    /**
     * @param key a private key whose encoding is available
     * @return one PKCS#8 {@code PRIVATE KEY} block
     * @throws IllegalArgumentException if the key has no PKCS#8 encoding
     */
    public static String encodePrivateKey(PrivateKey key) {
        return PemCodec.write("PRIVATE KEY", Der.encodePrivateKey(key));
    }

    /**
     * @param pem    PEM text
     * @param source where it came from, for messages
     * @return the first certificate in the text
     * @throws InvalidCredentialException if there is no {@code CERTIFICATE} block or it is malformed
     */
    public static X509Certificate decodeCertificate(String pem, String source) throws InvalidCredentialException {
        return decodeCertificates(pem, source).get(0);
    }

    /**
     * @param pem    PEM text
     * @param source where it came from, for messages
     * @return every certificate in the text, in order; never empty
     * @throws InvalidCredentialException if there is no {@code CERTIFICATE} block or one is malformed
     */
    public static List<X509Certificate> decodeCertificates(String pem, String source)
            throws InvalidCredentialException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemBlock block : PemCodec.read(pem, source)) {
            if (CERTIFICATE.equals(block.type()) || "X509 CERTIFICATE".equals(block.type())) {
                String blockSource = source + " (certificate " + (certificates.size() + 1) + ")";
                certificates.add(Der.decodeCertificate(block.der(), blockSource));
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidCredentialException(source, "does not contain a PEM certificate"
                    + " (expected -----BEGIN CERTIFICATE-----" + foundTypes(pem, source) + ")");
        }
        return List.copyOf(certificates);
    }

    /**
     * @param pem    PEM text holding exactly one private key, optionally beside certificates
     * @param source where it came from, for messages
     * @return the key, as a JDK key object
     * @throws InvalidCredentialException if there is no key, more than one, an encrypted one, or a
     *                                    malformed or unsupported one
     */
    public static PrivateKey decodePrivateKey(String pem, String source) throws InvalidCredentialException {
        PrivateKey key = null;
        for (PemBlock block : PemCodec.read(pem, source)) {
            PrivateKey decoded = decodeKeyBlock(block, source);
            if (decoded != null && key != null) {
                throw new InvalidCredentialException(source, "contains more than one private key");
            }
            key = decoded == null ? key : decoded;
        }
        if (key == null) {
            throw new InvalidCredentialException(source, "does not contain a PEM private key (expected -----BEGIN"
                    + " PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY" + foundTypes(pem, source) + ")");
        }
        return key;
    }

    private static PrivateKey decodeKeyBlock(PemBlock block, String source) throws InvalidCredentialException {
        String type = block.type();
        if (block.encrypted() || "ENCRYPTED PRIVATE KEY".equals(type)) {
            throw new InvalidCredentialException(source, "encrypted private keys are not supported (" + type + ")");
        }
        return switch (type) {
            case "PRIVATE KEY" -> PrivateKeys.fromPkcs8(block.der(), source);
            case "EC PRIVATE KEY" -> PrivateKeys.fromSec1(block.der(), source);
            case "RSA PRIVATE KEY" -> PrivateKeys.fromPkcs1(block.der(), source);
            default -> null;
        };
    }

    private static String foundTypes(String pem, String source) throws InvalidCredentialException {
        List<String> types = PemCodec.read(pem, source).stream().map(PemBlock::type).toList();
        return types.isEmpty() ? ", found no PEM block" : ", found " + String.join(", ", types);
    }
}
