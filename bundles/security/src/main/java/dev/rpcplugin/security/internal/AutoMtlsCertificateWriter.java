package dev.rpcplugin.security.internal;

import static dev.rpcplugin.security.internal.DerWriter.bitString;
import static dev.rpcplugin.security.internal.DerWriter.bool;
import static dev.rpcplugin.security.internal.DerWriter.explicit;
import static dev.rpcplugin.security.internal.DerWriter.implicitText;
import static dev.rpcplugin.security.internal.DerWriter.integer;
import static dev.rpcplugin.security.internal.DerWriter.nul;
import static dev.rpcplugin.security.internal.DerWriter.octetString;
import static dev.rpcplugin.security.internal.DerWriter.oid;
import static dev.rpcplugin.security.internal.DerWriter.printableString;
import static dev.rpcplugin.security.internal.DerWriter.sequence;
import static dev.rpcplugin.security.internal.DerWriter.set;
import static dev.rpcplugin.security.internal.DerWriter.time;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Writes the self-signed certificate of go-plugin's AutoMTLS profile: subject and issuer
 * {@code O=<organization>, CN=<host>}, SAN DNS {@code <host>}, critical {@code CA:TRUE}, critical key
 * usage digitalSignature, keyEncipherment, keyAgreement and keyCertSign, extended key usage
 * clientAuth and serverAuth, and a subject key identifier (SHA-1 of the public key, as Go adds for CA
 * certificates). The JDK signs and parses it.
 */
public final class AutoMtlsCertificateWriter {
    private static final byte[] VERSION_3 = explicit(0, integer(BigInteger.TWO));
    /** digitalSignature (bit 0), keyEncipherment (2), keyAgreement (4), keyCertSign (5); 2 unused bits. */
    private static final byte[] KEY_USAGE_BITS = bitString(new byte[] {(byte) 0xAC}, 2);

    private AutoMtlsCertificateWriter() {
    }

    /**
     * @param keyPair            the key pair; its private key signs
     * @param signatureAlgorithm a JCA name: {@code SHA256withECDSA}, {@code SHA384withECDSA},
     *                           {@code SHA512withECDSA} or {@code SHA256withRSA}
     * @param serial             the positive serial number
     * @param notBefore          start of validity (whole seconds)
     * @param notAfter           end of validity (whole seconds)
     * @param organization       the O attribute of subject and issuer
     * @param host               the CN attribute and the only DNS name
     * @param random             randomness for the signature
     * @return the parsed certificate
     * @throws GeneralSecurityException if the JDK cannot sign or parse
     */
    public static X509Certificate write(KeyPair keyPair, String signatureAlgorithm, BigInteger serial, Instant notBefore,
            Instant notAfter, String organization, String host, SecureRandom random) throws GeneralSecurityException {
        byte[] algorithm = algorithmIdentifier(signatureAlgorithm);
        byte[] name = sequence(
                set(sequence(oid("2.5.4.10"), printableString(organization))),
                set(sequence(oid("2.5.4.3"), printableString(host))));
        byte[] publicKeyInfo = keyPair.getPublic().getEncoded();
        byte[] keyIdentifier = MessageDigest.getInstance("SHA-1").digest(DerWriter.subjectPublicKey(publicKeyInfo));
        byte[] extensions = sequence(
                extension("2.5.29.15", true, KEY_USAGE_BITS),
                extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.2"), oid("1.3.6.1.5.5.7.3.1"))),
                extension("2.5.29.19", true, sequence(bool(true))),
                extension("2.5.29.14", false, octetString(keyIdentifier)),
                extension("2.5.29.17", false, sequence(implicitText(2, host))));
        byte[] toBeSigned = sequence(VERSION_3, integer(serial), algorithm, name,
                sequence(time(notBefore), time(notAfter)), name, publicKeyInfo, explicit(3, extensions));

        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(keyPair.getPrivate(), random);
        signer.update(toBeSigned);
        byte[] certificate = sequence(toBeSigned, algorithm, bitString(signer.sign(), 0));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? sequence(oid(oid), bool(true), octetString(value)) : sequence(oid(oid), octetString(value));
    }

    /** ECDSA identifiers have no parameters; RSA's carry NULL (RFC 5758, RFC 4055). */
    private static byte[] algorithmIdentifier(String signatureAlgorithm) {
        return switch (signatureAlgorithm) {
            case "SHA256withECDSA" -> sequence(oid("1.2.840.10045.4.3.2"));
            case "SHA384withECDSA" -> sequence(oid("1.2.840.10045.4.3.3"));
            case "SHA512withECDSA" -> sequence(oid("1.2.840.10045.4.3.4"));
            case "SHA256withRSA" -> sequence(oid("1.2.840.113549.1.1.11"), nul());
            default -> throw new IllegalArgumentException("unsupported signature algorithm " + signatureAlgorithm);
        };
    }
}
