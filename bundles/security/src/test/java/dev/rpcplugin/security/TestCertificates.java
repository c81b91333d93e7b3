package dev.rpcplugin.security;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds P-256 certificates that deviate from the AutoMTLS profile, for negative tests. */
public final class TestCertificates {
    private Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(1));
    private List<KeyPurposeId> extendedKeyUsages = List.of(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth);
    private List<String> dnsNames = List.of("localhost");

    public TestCertificates validity(Instant from, Instant until) {
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    /** An empty list leaves the extension out. */
    public TestCertificates extendedKeyUsages(KeyPurposeId... usages) {
        this.extendedKeyUsages = List.of(usages);
        return this;
    }

    /** An empty list leaves the extension out. */
    public TestCertificates dnsNames(String... names) {
        this.dnsNames = List.of(names);
        return this;
    }

    /** A certificate and its key checked by {@link TlsIdentity#of}, which refuses expired or future ones. */
    public TlsIdentity build() throws Exception {
        Issued issued = issue();
        return TlsIdentity.of(issued.certificate(), issued.privateKey());
    }

    /** A certificate and its key as made, unchecked. */
    public Issued issue() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=test,O=rpcplugin tests");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notAfter), name, keyPair.getPublic());
        if (!extendedKeyUsages.isEmpty()) {
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(extendedKeyUsages.toArray(new KeyPurposeId[0])));
        }
        if (!dnsNames.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                    .map(dns -> new GeneralName(GeneralName.dNSName, dns)).toArray(GeneralName[]::new)));
        }
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
        return new Issued(certificate, keyPair.getPrivate());
    }

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {
    }
}
