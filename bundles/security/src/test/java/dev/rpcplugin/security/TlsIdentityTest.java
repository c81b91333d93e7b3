package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {
    @TempDir
    Path directory;

    @Test
    void keyFromAnotherCertificateIsRefused() {
        TlsIdentity first = AutoMtlsCertificates.generate();
        TlsIdentity second = AutoMtlsCertificates.generate();

        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.of(first.certificate(), second.privateKey())))
                .hasMessage("TLS identity: private key does not belong to the certificate"
                        + " (a signature made with the key does not verify with the certificate)");
    }

    @Test
    void keyOfAnotherTypeOrSizeIsRefused() {
        TlsIdentity ec = AutoMtlsCertificates.generate(KeyType.EC_P256);
        TlsIdentity p384 = AutoMtlsCertificates.generate(KeyType.EC_P384);
        TlsIdentity rsa = AutoMtlsCertificates.generate(KeyType.RSA_2048);
        TlsIdentity otherRsa = AutoMtlsCertificates.generate(KeyType.RSA_2048);

        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.of(ec.certificate(), rsa.privateKey())))
                .hasMessage("TLS identity: private key does not belong to the certificate"
                        + " (key algorithm RSA, certificate key algorithm EC)");
        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.of(ec.certificate(), p384.privateKey())))
                .hasMessageStartingWith("TLS identity: private key does not belong to the certificate");
        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.of(rsa.certificate(), otherRsa.privateKey())))
                .hasMessage("TLS identity: private key does not belong to the certificate (RSA moduli differ)");
    }

    @Test
    void loadNamesBothFilesWhenTheyDoNotBelongTogether() throws Exception {
        Path certificate = Files.writeString(directory.resolve("cert.pem"), AutoMtlsCertificates.generate().certificatePem());
        Path key = Files.writeString(directory.resolve("key.pem"), AutoMtlsCertificates.generate().privateKeyPem());

        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.load(PemSource.file(certificate), PemSource.file(key))))
                .hasMessageStartingWith("file " + key + " (key for the certificate from file " + certificate
                        + "): private key does not belong to the certificate");
    }

    @Test
    void expiredOrNotYetValidCertificateIsRefusedNamingItsValidity() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TestCertificates.Issued expired = new TestCertificates()
                .validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))).issue();
        TestCertificates.Issued future = new TestCertificates()
                .validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2))).issue();
        String expiredName = dev.rpcplugin.security.internal.CertificateDescriptions.describe(expired.certificate());

        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.of(expired.certificate(), expired.privateKey())))
                .hasMessage("TLS identity: certificate (" + expiredName + ") has expired: valid from "
                        + now.minus(Duration.ofDays(2)) + " until " + now.minus(Duration.ofDays(1)));
        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.of(future.certificate(), future.privateKey())))
                .hasMessageEndingWith(") is not valid yet: valid from " + now.plus(Duration.ofDays(1)) + " until "
                        + now.plus(Duration.ofDays(2)));

        Path certificate = Files.writeString(directory.resolve("cert.pem"), Pem.encodeCertificate(expired.certificate()));
        Path key = Files.writeString(directory.resolve("key.pem"), Pem.encodePrivateKey(expired.privateKey()));
        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.load(PemSource.file(certificate), PemSource.file(key))))
                .hasMessageStartingWith("file " + certificate + ": certificate (" + expiredName + ") has expired");
    }

    @Test
    void emptyChainIsRefused() {
        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> TlsIdentity.of(List.of(), AutoMtlsCertificates.generate().privateKey())))
                .hasMessage("TLS identity: has no certificate");
    }

    @Test
    void chainIsKeptInOrder() throws Exception {
        TlsIdentity leaf = AutoMtlsCertificates.generate();
        TlsIdentity other = AutoMtlsCertificates.generate();

        TlsIdentity identity = TlsIdentity.of(List.of(leaf.certificate(), other.certificate()), leaf.privateKey());

        assertThat(identity.certificate()).isEqualTo(leaf.certificate());
        assertThat(identity.chain()).containsExactly(leaf.certificate(), other.certificate());
    }

    @Test
    void toStringNamesTheCertificateButNotTheKey() {
        TlsIdentity identity = AutoMtlsCertificates.generate();

        assertThat(identity.toString())
                .startsWith("TlsIdentity[subject CN=localhost,O=HashiCorp, sha256 ")
                .endsWith(", key EC]")
                .doesNotContain(identity.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
    }
}
