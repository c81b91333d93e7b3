package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AutoMtlsCertificatesTest {
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void certificateHasGoPluginsProfile(KeyType keyType) throws Exception {
        Instant before = Instant.now();
        TlsIdentity identity = AutoMtlsCertificates.generate(keyType);
        Instant after = Instant.now();
        X509Certificate certificate = identity.certificate();

        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        // DER order as Go writes it: O first, then CN
        RDN[] rdns = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs();
        assertThat(rdns).hasSize(2);
        assertThat(rdns[0].getFirst().getType()).isEqualTo(BCStyle.O);
        assertThat(rdns[0].getFirst().getValue().toString()).isEqualTo("HashiCorp");
        assertThat(rdns[1].getFirst().getType()).isEqualTo(BCStyle.CN);
        assertThat(rdns[1].getFirst().getValue().toString()).isEqualTo("localhost");
        certificate.verify(certificate.getPublicKey()); // self-signed

        assertThat(certificate.getSerialNumber()).isPositive().isLessThan(BigInteger.ONE.shiftLeft(128));
        Instant notBefore = certificate.getNotBefore().toInstant();
        assertThat(notBefore).isBetween(before.minusSeconds(31), after.minusSeconds(29));
        assertThat(Duration.between(notBefore, certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(262_980).plusSeconds(30));

        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(certificate.getNonCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(EXTENDED_KEY_USAGE, SUBJECT_ALTERNATIVE_NAME, SUBJECT_KEY_IDENTIFIER);
        assertThat(certificate.getBasicConstraints()).as("CA:TRUE without path length").isEqualTo(Integer.MAX_VALUE);
        // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, ...
        assertThat(certificate.getKeyUsage())
                .containsExactly(true, false, true, false, true, true, false, false, false);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"));
        byte[] keyIdentifier = ASN1OctetString.getInstance(ASN1OctetString.getInstance(
                certificate.getExtensionValue(SUBJECT_KEY_IDENTIFIER)).getOctets()).getOctets();
        assertThat(keyIdentifier).isEqualTo(new JcaX509ExtensionUtils()
                .createSubjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier());

        assertThat(certificate.getSigAlgName()).isEqualTo(keyType.signatureAlgorithm());
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo(keyType.keyAlgorithm());
        assertThat(identity.privateKey().getAlgorithm()).isEqualTo(keyType.keyAlgorithm());
        assertThat(keySize(certificate)).isEqualTo(switch (keyType) {
            case EC_P256 -> 256;
            case EC_P384 -> 384;
            case EC_P521 -> 521;
            case RSA_2048 -> 2048;
        });
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void opensslReadsTheProfileAndVerifiesTheSignature(KeyType keyType, @TempDir Path directory) throws Exception {
        Path certificate = Files.writeString(directory.resolve("cert.pem"),
                AutoMtlsCertificates.generate(keyType).certificatePem());
        OpenSsl openssl = new OpenSsl(directory);

        String text = openssl.run("x509", "-in", certificate.toString(), "-noout", "-text");
        String verified = openssl.run("verify", "-CAfile", certificate.toString(), "-purpose", "sslserver",
                certificate.toString());

        assertThat(text.replaceAll("\\s+", " "))
                .contains("Issuer: O = HashiCorp, CN = localhost")
                .contains("Subject: O = HashiCorp, CN = localhost")
                .contains("X509v3 Basic Constraints: critical CA:TRUE")
                .contains("X509v3 Key Usage: critical Digital Signature, Key Encipherment, Key Agreement, Certificate Sign")
                .contains("X509v3 Extended Key Usage: TLS Web Client Authentication, TLS Web Server Authentication")
                .contains("X509v3 Subject Alternative Name: DNS:localhost ")
                .contains("X509v3 Subject Key Identifier:");
        assertThat(verified).contains(certificate + ": OK");
    }

    @Test
    void defaultIsEcdsaP256WithSha256() {
        X509Certificate certificate = AutoMtlsCertificates.generate().certificate();

        assertThat(KeyType.DEFAULT).isEqualTo(KeyType.EC_P256);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(keySize(certificate)).isEqualTo(256);
    }

    @Test
    void everyIdentityIsNew() {
        TlsIdentity first = AutoMtlsCertificates.generate();
        TlsIdentity second = AutoMtlsCertificates.generate();

        assertThat(first.certificate().getSerialNumber()).isNotEqualTo(second.certificate().getSerialNumber());
        assertThat(first.certificate().getPublicKey()).isNotEqualTo(second.certificate().getPublicKey());
        assertThat(Set.of(first, second)).hasSize(2);
    }

    @Test
    void keyBelongsToCertificate() throws Exception {
        TlsIdentity generated = AutoMtlsCertificates.generate(KeyType.EC_P521);

        assertThat(TlsIdentity.of(generated.certificate(), generated.privateKey())).isEqualTo(generated);
    }

    private static int keySize(X509Certificate certificate) {
        if (certificate.getPublicKey() instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return ((RSAKey) certificate.getPublicKey()).getModulus().bitLength();
    }
}
