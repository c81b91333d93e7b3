package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.InvalidCredentialException;
import dev.rpcplugin.security.internal.DerReader.Element;
import dev.rpcplugin.security.internal.DerReader.MalformedDerException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;

/**
 * Decodes private keys from PKCS#8, SEC1 ({@code EC PRIVATE KEY}) and PKCS#1
 * ({@code RSA PRIVATE KEY}) DER into JDK key objects. Only the outer structure is read here; SEC1
 * and PKCS#1 keys are wrapped into PKCS#8 unchanged, and the JDK's own {@link KeyFactory} parses and
 * checks the key itself, so JSSE uses the keys natively.
 */
public final class PrivateKeys {
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    /** JDK key algorithm names by PKCS#8 algorithm OID. */
    private static final Map<String, String> ALGORITHMS = Map.of(
            EC_PUBLIC_KEY, "EC",
            RSA_ENCRYPTION, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");
    /** version, modulus, public and private exponent, two primes, two exponents, coefficient */
    private static final int PKCS1_INTEGERS = 9;
    private static final int SEC1_VERSION = 1;
    private static final String MALFORMED_PKCS8 = "malformed PKCS#8 private key";
    private static final String MALFORMED_SEC1 = "malformed SEC1 EC private key";
    private static final String MALFORMED_PKCS1 = "malformed PKCS#1 RSA private key";

    private PrivateKeys() {
    }

    /**
     * @param der    a PKCS#8 {@code PrivateKeyInfo}
     * @param source where it came from, for messages
     * @return the key
     * @throws InvalidCredentialException if the DER is malformed or the algorithm unsupported
     */
    public static PrivateKey fromPkcs8(byte[] der, String source) throws InvalidCredentialException {
        return pkcs8(der, outer(der, MALFORMED_PKCS8, source), source);
    }

    /**
     * @param der    a SEC1 {@code ECPrivateKey} that names its curve
     * @param source where it came from, for messages
     * @return the key
     * @throws InvalidCredentialException if the DER is malformed or names no curve
     */
    public static PrivateKey fromSec1(byte[] der, String source) throws InvalidCredentialException {
        return sec1(der, outer(der, MALFORMED_SEC1, source), source);
    }

    /**
     * @param der    a PKCS#1 {@code RSAPrivateKey}
     * @param source where it came from, for messages
     * @return the key
     * @throws InvalidCredentialException if the DER is malformed
     */
    public static PrivateKey fromPkcs1(byte[] der, String source) throws InvalidCredentialException {
        return pkcs1(der, outer(der, MALFORMED_PKCS1, source), source);
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
        List<Element> sequence = outer(der, "not a DER private key", source);
        if (sequence.size() < 2 || sequence.get(0).tag() != DerReader.INTEGER) {
            throw new InvalidCredentialException(source, "not a PKCS#8, SEC1 or PKCS#1 private key");
        }
        int second = sequence.get(1).tag();
        if (second == DerReader.SEQUENCE) {
            return pkcs8(der, sequence, source);
        }
        if (second == DerReader.OCTET_STRING) {
            return sec1(der, sequence, source);
        }
        if (second == DerReader.INTEGER && sequence.size() >= PKCS1_INTEGERS) {
            return pkcs1(der, sequence, source);
        }
        throw new InvalidCredentialException(source, "not a PKCS#8, SEC1 or PKCS#1 private key");
    }

    private static PrivateKey pkcs8(byte[] der, List<Element> info, String source) throws InvalidCredentialException {
        String oid;
        try {
            if (info.size() < 3 || info.get(0).tag() != DerReader.INTEGER || info.get(1).tag() != DerReader.SEQUENCE
                    || info.get(2).tag() != DerReader.OCTET_STRING) {
                throw new MalformedDerException("expected SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING, ... }");
            }
            List<Element> algorithmIdentifier = info.get(1).children();
            if (algorithmIdentifier.isEmpty()) {
                throw new MalformedDerException("empty AlgorithmIdentifier");
            }
            oid = algorithmIdentifier.get(0).objectIdentifier();
        } catch (MalformedDerException e) {
            throw malformed(source, MALFORMED_PKCS8, e);
        }
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new InvalidCredentialException(source, "unsupported private key algorithm " + oid
                    + " (supported: EC, RSA, RSASSA-PSS, Ed25519, Ed448)");
        }
        return decode(algorithm, der, source);
    }

    private static PrivateKey sec1(byte[] der, List<Element> sec1, String source) throws InvalidCredentialException {
        byte[] curve = null;
        try {
            // SEQUENCE { version INTEGER (1), privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }
            if (sec1.size() < 2 || sec1.get(0).tag() != DerReader.INTEGER
                    || sec1.get(1).tag() != DerReader.OCTET_STRING) {
                throw new MalformedDerException("expected SEQUENCE { INTEGER, OCTET STRING, ... }");
            }
            BigInteger version = new BigInteger(sec1.get(0).value());
            if (!version.equals(BigInteger.valueOf(SEC1_VERSION))) {
                throw new MalformedDerException("version " + version + ", expected " + SEC1_VERSION);
            }
            for (Element element : sec1.subList(2, sec1.size())) {
                if (element.tag() == DerReader.CONTEXT_0) {
                    List<Element> parameters = element.children();
                    if (parameters.size() != 1) {
                        throw new MalformedDerException("[0] must hold exactly one curve");
                    }
                    curve = parameters.get(0).encoded();
                }
            }
        } catch (MalformedDerException e) {
            throw malformed(source, MALFORMED_SEC1, e);
        }
        if (curve == null) {
            throw new InvalidCredentialException(source, "SEC1 EC private key does not name its curve");
        }
        return decode("EC", wrap(DerWriter.sequence(DerWriter.oid(EC_PUBLIC_KEY), curve), der), source);
    }

    private static PrivateKey pkcs1(byte[] der, List<Element> pkcs1, String source) throws InvalidCredentialException {
        try {
            if (pkcs1.size() < PKCS1_INTEGERS) {
                throw new MalformedDerException(pkcs1.size() + " elements, expected at least " + PKCS1_INTEGERS);
            }
            for (Element element : pkcs1.subList(0, PKCS1_INTEGERS)) {
                if (element.tag() != DerReader.INTEGER) {
                    throw new MalformedDerException("expected " + PKCS1_INTEGERS + " INTEGERs");
                }
            }
        } catch (MalformedDerException e) {
            throw malformed(source, MALFORMED_PKCS1, e);
        }
        return decode("RSA", wrap(DerWriter.sequence(DerWriter.oid(RSA_ENCRYPTION), DerWriter.nul()), der), source);
    }

    /** Lets the JDK parse and check a PKCS#8 key of a known algorithm. */
    private static PrivateKey decode(String algorithm, byte[] pkcs8, String source) throws InvalidCredentialException {
        try {
            KeyFactory factory = KeyFactory.getInstance(algorithm);
            PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            // one encoding per EC key, whether SEC1 or PKCS#8 carried curve and public point inside or not
            return key instanceof ECPrivateKey ec ? factory.generatePrivate(new ECPrivateKeySpec(ec.getS(), ec.getParams()))
                    : key;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidCredentialException(source, "unusable " + algorithm + " private key (" + e.getMessage() + ")", e);
        }
    }

    /** The elements of the outer SEQUENCE, read once whichever way the key is then decoded. */
    private static List<Element> outer(byte[] der, String problem, String source) throws InvalidCredentialException {
        try {
            return sequence(der);
        } catch (MalformedDerException e) {
            throw malformed(source, problem, e);
        }
    }

    private static List<Element> sequence(byte[] der) throws MalformedDerException {
        Element element = DerReader.read(der);
        if (element.tag() != DerReader.SEQUENCE) {
            throw new MalformedDerException("expected a SEQUENCE, found tag 0x" + Integer.toHexString(element.tag()));
        }
        return element.children();
    }

    private static InvalidCredentialException malformed(String source, String problem, MalformedDerException e) {
        return new InvalidCredentialException(source, problem + " (" + e.getMessage() + ")", e);
    }

    /** PKCS#8 version 0 around a key in its algorithm's own encoding. */
    private static byte[] wrap(byte[] algorithmIdentifier, byte[] key) {
        return DerWriter.sequence(DerWriter.integer(BigInteger.ZERO), algorithmIdentifier, DerWriter.octetString(key));
    }
}
