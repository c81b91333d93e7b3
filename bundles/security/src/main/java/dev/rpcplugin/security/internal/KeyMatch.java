package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.InvalidCredentialException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;

/** Checks that a private key belongs to a certificate's public key. */
public final class KeyMatch {
    private KeyMatch() {
    }

    /**
     * Compares RSA moduli directly; for other keys signs a random challenge and verifies it.
     *
     * @param privateKey the private key
     * @param publicKey  the certificate's public key
     * @param source     where the pair came from, for messages
     * @throws InvalidCredentialException if they do not belong together
     */
    public static void check(PrivateKey privateKey, PublicKey publicKey, String source)
            throws InvalidCredentialException {
        String privateAlgorithm = privateKey.getAlgorithm();
        String publicAlgorithm = publicKey.getAlgorithm();
        if (!privateAlgorithm.equals(publicAlgorithm)) {
            throw mismatch(source, "key algorithm " + privateAlgorithm + ", certificate key algorithm " + publicAlgorithm);
        }
        if (privateKey instanceof RSAKey rsaPrivate && publicKey instanceof RSAKey rsaPublic) {
            if (!rsaPrivate.getModulus().equals(rsaPublic.getModulus())) {
                throw mismatch(source, "RSA moduli differ");
            }
            return;
        }
        String signatureAlgorithm = switch (privateAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new InvalidCredentialException(source, "cannot check a " + privateAlgorithm
                    + " private key against its certificate");
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw mismatch(source, "a signature made with the key does not verify with the certificate");
            }
        } catch (GeneralSecurityException e) {
            if (e instanceof InvalidCredentialException invalid) {
                throw invalid;
            }
            throw mismatch(source, e.getMessage());
        }
    }

    private static InvalidCredentialException mismatch(String source, String detail) {
        return new InvalidCredentialException(source, "private key does not belong to the certificate (" + detail + ")");
    }
}
