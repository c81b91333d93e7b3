package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.AutoMtlsCertificateWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Generates throw-away AutoMTLS identities with go-plugin's certificate profile: self-signed,
 * subject and issuer {@code O=HashiCorp, CN=localhost}, SAN DNS {@code localhost} only, random serial
 * below 2^128, valid from 30 s ago for 262 980 h, critical basic constraints {@code CA:TRUE}, critical
 * key usage digitalSignature, keyEncipherment, keyAgreement and keyCertSign, extended key usage
 * clientAuth and serverAuth. Like Go's {@code x509.CreateCertificate} for CA certificates it also adds
 * a subject key identifier.
 *
 * <p>Only the JDK's own providers and classes are used: in a fresh JVM (every plugin process) the
 * first certificate then costs about the key generation alone, where a BouncyCastle provider or
 * certificate builder would add several times that in class loading.
 */
public final class AutoMtlsCertificates {
    /** go-plugin's validity: 262 980 hours (about 30 years). */
    public static final Duration VALIDITY = Duration.ofHours(262_980);
    /** go-plugin back-dates certificates by 30 seconds to tolerate clock skew. */
    public static final Duration BACKDATE = Duration.ofSeconds(30);
    /** The only DNS name, and the name each side verifies. */
    public static final String HOST_NAME = "localhost";
    /** The subject and issuer organisation go-plugin writes. */
    public static final String ORGANIZATION = "HashiCorp";

    private static final int SERIAL_BITS = 128;

    private AutoMtlsCertificates() {
    }

    /**
     * @return a new identity with the {@link KeyType#DEFAULT} key type (ECDSA P-256)
     */
    public static TlsIdentity generate() {
        return generate(KeyType.DEFAULT);
    }

    /**
     * @param keyType the key type and signature algorithm
     * @return a new self-signed identity with go-plugin's profile
     * @throws IllegalStateException if the Java platform cannot generate or sign with this key type
     */
    public static TlsIdentity generate(KeyType keyType) {
        Objects.requireNonNull(keyType, "keyType");
        SecureRandom random = new SecureRandom();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType.keyAlgorithm());
            generator.initialize(keyType.parameters(), random);
            KeyPair keyPair = generator.generateKeyPair();
            // X.509 times have whole seconds; truncating keeps getNotBefore() equal to what was meant
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509Certificate certificate = AutoMtlsCertificateWriter.write(keyPair, keyType.signatureAlgorithm(),
                    serial(random), now.minus(BACKDATE), now.plus(VALIDITY), ORGANIZATION, HOST_NAME, random);
            return TlsIdentity.trusted(certificate, keyPair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + keyType + " AutoMTLS certificate: " + e.getMessage(), e);
        }
    }

    /** Positive and below 2^128, as go-plugin's {@code rand.Int(rand.Reader, 1<<128)} (zero excluded). */
    private static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }
}
