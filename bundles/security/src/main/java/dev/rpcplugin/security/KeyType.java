package dev.rpcplugin.security;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * Key type and signature algorithm of a generated AutoMTLS certificate.
 *
 * <p>Go peers accept every type here. go-plugin itself uses {@link #EC_P521}; {@link #DEFAULT} is
 * {@link #EC_P256}, the fastest to generate, because each side only pins the other's certificate.
 */
public enum KeyType {
    /** ECDSA on NIST P-256 (secp256r1), signed with SHA-256. */
    EC_P256("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA"),
    /** ECDSA on NIST P-384 (secp384r1), signed with SHA-384. */
    EC_P384("EC", new ECGenParameterSpec("secp384r1"), "SHA384withECDSA"),
    /** ECDSA on NIST P-521 (secp521r1), signed with SHA-512: what go-plugin generates. */
    EC_P521("EC", new ECGenParameterSpec("secp521r1"), "SHA512withECDSA"),
    /** RSA with a 2048-bit modulus, signed with SHA-256 (PKCS#1 v1.5). Much slower to generate. */
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), "SHA256withRSA");

    /** The key type used when none is chosen: {@link #EC_P256}. */
    public static final KeyType DEFAULT = EC_P256;

    private final String keyAlgorithm;
    private final AlgorithmParameterSpec parameters;
    private final String signatureAlgorithm;

    KeyType(String keyAlgorithm, AlgorithmParameterSpec parameters, String signatureAlgorithm) {
        this.keyAlgorithm = keyAlgorithm;
        this.parameters = parameters;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * @return the JCA key algorithm name, {@code EC} or {@code RSA}
     */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /**
     * @return the key generation parameters (curve or modulus size)
     */
    public AlgorithmParameterSpec parameters() {
        return parameters;
    }

    /**
     * @return the JCA signature algorithm the certificate is signed with, e.g. {@code SHA256withECDSA}
     */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
