package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every private key format openssl writes decodes to the same JDK key, from PEM and from DER. */
class KeyFormatsTest {
    @TempDir
    static Path directory;

    private static OpenSsl openssl;

    @BeforeAll
    static void tool() {
        openssl = new OpenSsl(directory);
    }

    @Test
    void ecKeyInPkcs8Sec1AndDer() throws Exception {
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-sec1.pem");
        openssl.run("pkcs8", "-topk8", "-nocrypt", "-in", "ec-sec1.pem", "-out", "ec-pkcs8.pem");
        openssl.run("ec", "-in", "ec-sec1.pem", "-outform", "DER", "-out", "ec-sec1.der");
        openssl.run("pkcs8", "-topk8", "-nocrypt", "-in", "ec-sec1.pem", "-outform", "DER", "-out", "ec-pkcs8.der");

        PrivateKey sec1 = pemKey("ec-sec1.pem");
        assertThat(read("ec-sec1.pem")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(read("ec-pkcs8.pem")).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(sec1.getAlgorithm()).isEqualTo("EC");
        assertThat(pemKey("ec-pkcs8.pem")).isEqualTo(sec1);
        assertThat(derKey("ec-sec1.der")).isEqualTo(sec1);
        assertThat(derKey("ec-pkcs8.der")).isEqualTo(sec1);
    }

    @Test
    void ecKeyAfterAnEcParametersBlock() throws Exception {
        openssl.run("ecparam", "-name", "secp384r1", "-genkey", "-out", "ec-with-params.pem");

        assertThat(read("ec-with-params.pem")).startsWith("-----BEGIN EC PARAMETERS-----");
        assertThat(pemKey("ec-with-params.pem").getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void rsaKeyInPkcs1Pkcs8AndDer() throws Exception {
        openssl.run("genrsa", "-traditional", "-out", "rsa-pkcs1.pem", "2048");
        openssl.run("pkcs8", "-topk8", "-nocrypt", "-in", "rsa-pkcs1.pem", "-out", "rsa-pkcs8.pem");
        openssl.run("rsa", "-traditional", "-in", "rsa-pkcs1.pem", "-outform", "DER", "-out", "rsa-pkcs1.der");
        openssl.run("pkcs8", "-topk8", "-nocrypt", "-in", "rsa-pkcs1.pem", "-outform", "DER", "-out", "rsa-pkcs8.der");

        PrivateKey pkcs1 = pemKey("rsa-pkcs1.pem");
        assertThat(read("rsa-pkcs1.pem")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(pkcs1.getAlgorithm()).isEqualTo("RSA");
        assertThat(pemKey("rsa-pkcs8.pem")).isEqualTo(pkcs1);
        assertThat(derKey("rsa-pkcs1.der")).isEqualTo(pkcs1);
        assertThat(derKey("rsa-pkcs8.der")).isEqualTo(pkcs1);
    }

    @Test
    void ed25519KeyInPkcs8() throws Exception {
        openssl.run("genpkey", "-algorithm", "ED25519", "-out", "ed25519.pem");

        assertThat(pemKey("ed25519.pem").getAlgorithm()).isEqualTo("EdDSA");
    }

    @Test
    void opensslCertificateAndKeyMakeAnIdentity() throws Exception {
        OpenSsl.GoStyleCertificate files = openssl.goStyleP521("identity");

        TlsIdentity fromSec1 = files.identity();
        TlsIdentity fromPkcs8 = TlsIdentity.load(PemSource.file(files.certificate()), PemSource.file(files.pkcs8Key()));

        assertThat(fromSec1).isEqualTo(fromPkcs8);
        assertThat(fromSec1.certificate().getSigAlgName()).isEqualTo("SHA512withECDSA");
    }

    private static PrivateKey pemKey(String file) throws Exception {
        return Pem.decodePrivateKey(read(file), file);
    }

    private static PrivateKey derKey(String file) throws Exception {
        return Der.decodePrivateKey(Files.readAllBytes(directory.resolve(file)), file);
    }

    private static String read(String file) throws Exception {
        return Files.readString(directory.resolve(file));
    }
}
