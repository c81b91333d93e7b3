package dev.rpcplugin.security;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates throw-away AutoMTLS identities with go-plugin's certificate profile: self-signed,
 * subject and issuer {@code O=HashiCorp, CN=localhost}, SAN DNS {@code localhost} only, random serial
 * below 2^128, valid from 30 s ago for 262 980 h, critical basic constraints {@code CA:TRUE}, critical
 * key usage digitalSignature, keyEncipherment, keyAgreement and keyCertSign, extended key usage
 * clientAuth and serverAuth. Like Go's {@code x509.CreateCertificate} for CA certificates it also adds
 * a subject key identifier.
 *
 * <p>Keys are generated and signed by the JDK's providers: a cold JVM makes the first one several
 * times faster than with a fresh BouncyCastle provider.
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
            return TlsIdentity.trusted(selfSign(keyPair, keyType, random), keyPair.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a " + keyType + " AutoMTLS certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSign(KeyPair keyPair, KeyType keyType, SecureRandom random)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, HOST_NAME)
                .build();
        // X.509 times have whole seconds; truncating keeps getNotBefore() equal to what was meant
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(random),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, keyPair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                | KeyUsage.keyEncipherment | KeyUsage.keyAgreement | KeyUsage.keyCertSign));
        builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, HOST_NAME)));
        var signer = new JcaContentSignerBuilder(keyType.signatureAlgorithm()).setSecureRandom(random)
                .build(keyPair.getPrivate());
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertificateException e) {
            throw new GeneralSecurityException("generated certificate does not parse", e);
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
