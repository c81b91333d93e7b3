package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemAndDerTest {
    private static TlsIdentity identity;

    @TempDir
    Path directory;

    @BeforeAll
    static void identity() {
        identity = AutoMtlsCertificates.generate();
    }

    @Test
    void certificatePemRoundTripsAndLooksLikeGoPluginsEnvironmentValue() throws Exception {
        String pem = Pem.encodeCertificate(identity.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(pem.lines().skip(1).takeWhile(line -> !line.startsWith("-----")).toList())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64))
                .first().satisfies(line -> assertThat(line).hasSize(64));
        assertThat(Pem.decodeCertificate(pem, "test")).isEqualTo(identity.certificate());
        assertThat(identity.certificatePem()).isEqualTo(pem);
    }

    @Test
    void certificateChainRoundTrips() throws Exception {
        TlsIdentity other = AutoMtlsCertificates.generate();
        List<X509Certificate> chain = List.of(identity.certificate(), other.certificate());

        assertThat(Pem.decodeCertificates(Pem.encodeCertificates(chain), "test")).isEqualTo(chain);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void privateKeyPemAndDerRoundTrip(KeyType keyType) throws Exception {
        TlsIdentity generated = AutoMtlsCertificates.generate(keyType);

        String pem = Pem.encodePrivateKey(generated.privateKey());
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.decodePrivateKey(pem, "test")).isEqualTo(generated.privateKey());
        assertThat(Der.decodePrivateKey(Der.encodePrivateKey(generated.privateKey()), "test"))
                .isEqualTo(generated.privateKey());
        assertThat(generated.privateKeyPem()).isEqualTo(pem);
    }

    @Test
    void certificateDerRoundTrips() throws Exception {
        byte[] der = Der.encodeCertificate(identity.certificate());

        assertThat(Der.decodeCertificate(der, "test")).isEqualTo(identity.certificate());
    }

    @Test
    void base64DerIsUnpaddedStandardBase64AsInHandshakeField6() throws Exception {
        String field = Der.encodeBase64Certificate(identity.certificate());

        assertThat(field).matches("[A-Za-z0-9+/]+").isEqualTo(identity.certificateBase64());
        assertThat(Der.decodeBase64Certificate(field, "handshake field 6")).isEqualTo(identity.certificate());
        String padded = Base64.getEncoder().encodeToString(identity.certificate().getEncoded());
        assertThat(Der.decodeBase64Certificate(padded, "handshake field 6")).isEqualTo(identity.certificate());
    }

    @Test
    void base64DerErrorsNameTheSource() throws Exception {
        byte[] der = identity.certificate().getEncoded();
        String trailing = Base64.getEncoder().encodeToString(Arrays.copyOf(der, der.length + 2));
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(der, der.length - 10));

        assertThat(invalid(() -> Der.decodeBase64Certificate("", "handshake field 6")))
                .hasMessage("handshake field 6: empty, expected a base64 DER certificate");
        assertThat(invalid(() -> Der.decodeBase64Certificate("not base64!", "handshake field 6")))
                .hasMessageStartingWith("handshake field 6: not base64 (Illegal base64 character");
        assertThat(invalid(() -> Der.decodeBase64Certificate(trailing, "handshake field 6")))
                .hasMessageStartingWith("handshake field 6: not a DER X.509 certificate");
        assertThat(invalid(() -> Der.decodeBase64Certificate(truncated, "handshake field 6")))
                .hasMessageStartingWith("handshake field 6: not a DER X.509 certificate");
        assertThat(invalid(() -> Der.decodeBase64Certificate("MAMCAQE", "handshake field 6")))
                .hasMessageStartingWith("handshake field 6: not a DER X.509 certificate");
    }

    @Test
    void derPrivateKeyErrors() {
        assertThat(invalid(() -> Der.decodePrivateKey(new byte[] {1, 2, 3}, "key.der")))
                .hasMessageStartingWith("key.der: not a DER private key");
        assertThat(invalid(() -> Der.decodePrivateKey(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}, "key.der")))
                .hasMessage("key.der: not a PKCS#8, SEC1 or PKCS#1 private key");
    }

    @Test
    void certificateErrorsSayWhatWasFound() throws Exception {
        String keyOnly = identity.privateKeyPem();

        assertThat(invalid(() -> Pem.decodeCertificate(keyOnly, "environment variable PLUGIN_CLIENT_CERT")))
                .hasMessage("environment variable PLUGIN_CLIENT_CERT: does not contain a PEM certificate"
                        + " (expected -----BEGIN CERTIFICATE-----, found PRIVATE KEY)");
        assertThat(invalid(() -> Pem.decodeCertificate("hello", "inline PEM")))
                .hasMessage("inline PEM: does not contain a PEM certificate"
                        + " (expected -----BEGIN CERTIFICATE-----, found no PEM block)");
        assertThat(invalid(() -> Pem.decodeCertificate("-----BEGIN CERTIFICATE-----\nMIIB\n", "inline PEM")))
                .hasMessageStartingWith("inline PEM: malformed PEM (")
                .hasMessageContaining("-----END CERTIFICATE");
        assertThat(invalid(() -> Pem.decodeCertificate(
                "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", "inline PEM")))
                .hasMessageStartingWith("inline PEM: malformed PEM (");
        assertThat(invalid(() -> Pem.decodeCertificate(
                "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n", "inline PEM")))
                .hasMessageStartingWith("inline PEM (certificate 1): not a DER X.509 certificate");
    }

    @Test
    void privateKeyErrors() throws Exception {
        String certificateOnly = identity.certificatePem();
        String twoKeys = identity.privateKeyPem() + AutoMtlsCertificates.generate().privateKeyPem();
        String legacyEncrypted = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END EC PRIVATE KEY-----\n";

        assertThat(invalid(() -> Pem.decodePrivateKey(certificateOnly, "PLUGIN_SERVER_KEY")))
                .hasMessage("PLUGIN_SERVER_KEY: does not contain a PEM private key (expected -----BEGIN PRIVATE"
                        + " KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY, found CERTIFICATE)");
        assertThat(invalid(() -> Pem.decodePrivateKey(twoKeys, "key.pem")))
                .hasMessage("key.pem: contains more than one private key");
        assertThat(invalid(() -> Pem.decodePrivateKey(legacyEncrypted, "key.pem")))
                .hasMessage("key.pem: encrypted private keys are not supported (EC PRIVATE KEY)");
        assertThat(invalid(() -> Pem.decodePrivateKey(
                "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n", "key.pem")))
                .hasMessageStartingWith("key.pem: malformed PKCS#1 RSA private key");
        assertThat(invalid(() -> Pem.decodePrivateKey(
                "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n", "key.pem")))
                .hasMessageStartingWith("key.pem: malformed PKCS#8 private key");
    }

    @Test
    void opensslSpecialKeysGiveClearErrors() throws Exception {
        OpenSsl openssl = new OpenSsl(directory);
        openssl.run("genpkey", "-algorithm", "X25519", "-out", "x25519.pem");
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:secret", "-out", "encrypted.pem");
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-param_enc", "explicit",
                "-out", "explicit.pem");

        assertThat(invalid(() -> PemSource.file(directory.resolve("x25519.pem")).privateKey()))
                .hasMessage("file " + directory.resolve("x25519.pem") + ": unsupported private key algorithm"
                        + " 1.3.101.110 (supported: EC, RSA, RSASSA-PSS, Ed25519, Ed448)");
        assertThat(invalid(() -> PemSource.file(directory.resolve("encrypted.pem")).privateKey()))
                .hasMessage("file " + directory.resolve("encrypted.pem")
                        + ": encrypted private keys are not supported (ENCRYPTED PRIVATE KEY)");
        assertThat(invalid(() -> PemSource.file(directory.resolve("explicit.pem")).privateKey()))
                .hasMessageStartingWith("file " + directory.resolve("explicit.pem") + ": unusable EC private key");
    }

    @Test
    void sec1KeyWithoutCurveIsRefused() throws Exception {
        byte[] withoutCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(256, java.math.BigInteger.TEN).getEncoded();
        String pem = dev.rpcplugin.security.internal.PemCodec.write("EC PRIVATE KEY", withoutCurve);

        assertThat(invalid(() -> Pem.decodePrivateKey(pem, "key.pem")))
                .hasMessage("key.pem: SEC1 EC private key does not name its curve");
    }

    @Test
    void pemBlocksAmongOtherTextWithHeadersIndentationAndCrlf() throws Exception {
        String certificate = identity.certificatePem();
        String text = "Bag Attributes\n    friendlyName: plugin\nsubject=CN=localhost\n"
                + certificate.replace("\n", "\r\n").replace("-----BEGIN", "  -----BEGIN")
                + "trailing words\n";

        assertThat(Pem.decodeCertificate(text, "bundle.pem")).isEqualTo(identity.certificate());
        String headers = "-----BEGIN EC PRIVATE KEY-----\nproc-type: 4,ENCRYPTED\n\nAAAA\n-----END EC PRIVATE KEY-----\n";
        assertThat(invalid(() -> Pem.decodePrivateKey(headers, "key.pem")))
                .hasMessage("key.pem: encrypted private keys are not supported (EC PRIVATE KEY)");
    }

    @Test
    void pemWhoseEndDoesNotMatchItsBeginIsRefused() {
        String mismatched = identity.certificatePem().replace("-----END CERTIFICATE-----", "-----END PRIVATE KEY-----");

        assertThat(invalid(() -> Pem.decodeCertificate(mismatched, "cert.pem")))
                .hasMessage("cert.pem: malformed PEM (-----END CERTIFICATE----- expected, found -----END PRIVATE KEY-----)");
    }

    @Test
    void pemWithEscapedNewlinesIsAccepted() throws Exception {
        String singleLine = identity.certificatePem().replace("\n", "\\n");

        assertThat(Pem.decodeCertificate(singleLine, "env file")).isEqualTo(identity.certificate());
    }

    @Test
    void textAroundBlocksIsIgnored() throws Exception {
        String combined = "Bag Attributes\n    friendlyName: plugin\n" + identity.certificatePem() + "\nnotes\n"
                + identity.privateKeyPem();

        assertThat(Pem.decodeCertificate(combined, "combined")).isEqualTo(identity.certificate());
        assertThat(Pem.decodePrivateKey(combined, "combined")).isEqualTo(identity.privateKey());
    }

    static InvalidCredentialException invalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(InvalidCredentialException.class, call);
    }
}
