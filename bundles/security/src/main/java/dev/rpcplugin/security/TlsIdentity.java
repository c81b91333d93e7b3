package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.CertificateDescriptions;
import dev.rpcplugin.security.internal.KeyMatch;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A certificate (optionally with its chain) and the private key that belongs to it: what one side
 * of a TLS connection presents. Immutable; {@link #toString()} never reveals the key.
 */
public final class TlsIdentity {
    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;

    private TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) {
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
    }

    /**
     * @param certificate the certificate
     * @param privateKey  its private key
     * @return the identity
     * @throws InvalidCredentialException if the certificate is not valid now (expired or not yet
     *                                    valid) or the key does not belong to it
     */
    public static TlsIdentity of(X509Certificate certificate, PrivateKey privateKey) throws InvalidCredentialException {
        return of(List.of(certificate), privateKey);
    }

    /**
     * @param chain      the certificate first, then any intermediates
     * @param privateKey the certificate's private key
     * @return the identity
     * @throws InvalidCredentialException if the chain is empty, its first certificate is not valid now
     *                                    (expired or not yet valid), or the key does not belong to it
     */
    public static TlsIdentity of(List<X509Certificate> chain, PrivateKey privateKey) throws InvalidCredentialException {
        return checked(chain, privateKey, "TLS identity", "TLS identity");
    }

    /**
     * Reads an identity from two sources (which may name the same file).
     *
     * @param certificates where the certificate (and any chain) is
     * @param privateKey   where the private key is
     * @return the identity
     * @throws SecurityConfigException if a source is unreadable, the certificate is not valid now
     *                                 (expired or not yet valid) or the key does not belong to it
     */
    public static TlsIdentity load(PemSource certificates, PemSource privateKey) throws SecurityConfigException {
        return checked(certificates.certificates(), privateKey.privateKey(), certificates.description(),
                privateKey.description() + " (key for the certificate from " + certificates.description() + ")");
    }

    private static TlsIdentity checked(List<X509Certificate> chain, PrivateKey privateKey, String certificateSource,
            String keySource) throws InvalidCredentialException {
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new InvalidCredentialException(certificateSource, "has no certificate");
        }
        checkValidNow(chain.get(0), certificateSource);
        KeyMatch.check(privateKey, chain.get(0).getPublicKey(), keySource);
        return new TlsIdentity(chain, privateKey);
    }

    /** Refused here, because a peer would only answer it with a bare TLS alert. */
    private static void checkValidNow(X509Certificate certificate, String source) throws InvalidCredentialException {
        String problem;
        try {
            certificate.checkValidity();
            return;
        } catch (CertificateExpiredException e) {
            problem = "has expired";
        } catch (CertificateNotYetValidException e) {
            problem = "is not valid yet";
        }
        throw new InvalidCredentialException(source, "certificate (" + CertificateDescriptions.describe(certificate)
                + ") " + problem + ": valid from " + certificate.getNotBefore().toInstant() + " until "
                + certificate.getNotAfter().toInstant());
    }

    /** For keys this package generated itself, which need no check. */
    static TlsIdentity trusted(X509Certificate certificate, PrivateKey privateKey) {
        return new TlsIdentity(List.of(certificate), privateKey);
    }

    /**
     * @return the certificate presented to the peer (the chain's first)
     */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * @return the certificate followed by any intermediates; unmodifiable
     */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * @return the private key of {@link #certificate()}
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * @return the certificate as PEM, the form go-plugin passes in {@code PLUGIN_CLIENT_CERT}
     */
    public String certificatePem() {
        return Pem.encodeCertificate(certificate());
    }

    /**
     * @return the certificate as unpadded base64 DER, the form of handshake field 6
     */
    public String certificateBase64() {
        return Der.encodeBase64Certificate(certificate());
    }

    /**
     * @return the private key as PKCS#8 PEM
     */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    /** Equal when the chains are equal and the keys have equal encodings. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TlsIdentity that && chain.equals(that.chain)
                && privateKey.getAlgorithm().equals(that.privateKey.getAlgorithm())
                && Arrays.equals(privateKey.getEncoded(), that.privateKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return chain.hashCode();
    }

    /** Names the certificate and key algorithm; never the key. */
    @Override
    public String toString() {
        return "TlsIdentity[" + CertificateDescriptions.describe(certificate()) + ", key " + privateKey.getAlgorithm() + "]";
    }
}
