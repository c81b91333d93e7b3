package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.InvalidCredentialException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Decodes private keys from PKCS#8, SEC1 ({@code EC PRIVATE KEY}) and PKCS#1
 * ({@code RSA PRIVATE KEY}) DER into JDK key objects. BouncyCastle only parses the ASN.1; the keys
 * come from the JDK's own {@link KeyFactory}, so JSSE uses them natively.
 */
public final class PrivateKeys {
    /** JDK key algorithm names by PKCS#8 algorithm OID. */
    private static final Map<String, String> ALGORITHMS = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey.getId(), "EC",
            PKCSObjectIdentifiers.rsaEncryption.getId(), "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS.getId(), "RSASSA-PSS",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    private PrivateKeys() {
    }

    /**
     * @param der    a PKCS#8 {@code PrivateKeyInfo}
     * @param source where it came from, for messages
     * @return the key
     * @throws InvalidCredentialException if the DER is malformed or the algorithm unsupported
     */
    public static PrivateKey fromPkcs8(byte[] der, String source) throws InvalidCredentialException {
        PrivateKeyInfo info = parse(PrivateKeyInfo::getInstance, der, source, "malformed PKCS#8 private key");
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new InvalidCredentialException(source, "unsupported private key algorithm " + oid
                    + " (supported: EC, RSA, RSASSA-PSS, Ed25519, Ed448)");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(algorithm);
            PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            // one encoding per EC key, whether SEC1 or PKCS#8 carried curve and public point inside or not
            return key instanceof ECPrivateKey ec ? factory.generatePrivate(new ECPrivateKeySpec(ec.getS(), ec.getParams()))
                    : key;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidCredentialException(source, "unusable " + algorithm + " private key (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param der    a SEC1 {@code ECPrivateKey} that names its curve
     * @param source where it came from, for messages
     * @return the key
     * @throws InvalidCredentialException if the DER is malformed or names no curve
     */
    public static PrivateKey fromSec1(byte[] der, String source) throws InvalidCredentialException {
        var sec1 = parse(org.bouncycastle.asn1.sec.ECPrivateKey::getInstance, der, source, "malformed SEC1 EC private key");
        ASN1Object curve = sec1.getParametersObject();
        if (curve == null) {
            throw new InvalidCredentialException(source, "SEC1 EC private key does not name its curve");
        }
        return fromPkcs8(wrap(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1, source), source);
    }

    /**
     * @param der    a PKCS#1 {@code RSAPrivateKey}
     * @param source where it came from, for messages
     * @return the key
     * @throws InvalidCredentialException if the DER is malformed
     */
    public static PrivateKey fromPkcs1(byte[] der, String source) throws InvalidCredentialException {
        RSAPrivateKey pkcs1 = parse(RSAPrivateKey::getInstance, der, source, "malformed PKCS#1 RSA private key");
        return fromPkcs8(wrap(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), pkcs1,
                source), source);
    }

    /**
     * Decodes DER whose format is not labelled, telling PKCS#8, SEC1 and PKCS#1 apart by structure.
     *
     * @param der    a private key in one of the three formats
     * @param source where it came from, for messages
     * @return the key
     * @throws InvalidCredentialException if it is none of them
     */
    public static PrivateKey fromDer(byte[] der, String source) throws InvalidCredentialException {
        ASN1Sequence sequence = parse(ASN1Sequence::getInstance, der, source, "not a DER private key");
        if (sequence.size() < 2 || !(sequence.getObjectAt(0) instanceof ASN1Integer)) {
            throw new InvalidCredentialException(source, "not a PKCS#8, SEC1 or PKCS#1 private key");
        }
        ASN1Encodable second = sequence.getObjectAt(1);
        if (second instanceof ASN1Sequence) {
            return fromPkcs8(der, source);
        }
        if (second instanceof ASN1OctetString) {
            return fromSec1(der, source);
        }
        if (sequence.size() == 9) {
            return fromPkcs1(der, source);
        }
        throw new InvalidCredentialException(source, "not a PKCS#8, SEC1 or PKCS#1 private key");
    }

    /** BouncyCastle's {@code getInstance} methods report malformed DER with unchecked exceptions. */
    private static <T> T parse(Function<Object, T> parser, byte[] der, String source, String problem)
            throws InvalidCredentialException {
        try {
            return parser.apply(der);
        } catch (RuntimeException e) {
            throw new InvalidCredentialException(source, problem + " (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] wrap(AlgorithmIdentifier algorithm, ASN1Encodable key, String source)
            throws InvalidCredentialException {
        try {
            return new PrivateKeyInfo(algorithm, key).getEncoded();
        } catch (IOException e) {
            throw new InvalidCredentialException(source, "cannot re-encode private key as PKCS#8", e);
        }
    }
}
