package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command line tool; a missing tool fails the test instead of skipping it. */
final class OpenSsl {
    private final Path directory;

    OpenSsl(Path directory) {
        this.directory = directory;
    }

    /**
     * Runs {@code openssl args...} in the directory and fails the test on a non-zero exit.
     *
     * @return what the tool wrote to stdout and stderr
     */
    String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path output = Files.createTempFile(directory, "openssl", ".out");
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl finished: %s", command).isTrue();
        } finally {
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.ISO_8859_1);
        assertThat(process.exitValue()).as("exit code of %s, output:%n%s", command, text).isZero();
        return text;
    }

    /** A self-signed certificate made as go-plugin makes them, with a P-521 key, as PEM files. */
    GoStyleCertificate goStyleP521(String name) throws IOException, InterruptedException {
        Path pkcs8Key = directory.resolve(name + "-pkcs8.pem");
        Path certificate = directory.resolve(name + "-cert.pem");
        Path sec1Key = directory.resolve(name + "-sec1.pem");
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp521r1", "-sha512",
                "-subj", "/O=HashiCorp/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyAgreement,keyCertSign",
                "-addext", "extendedKeyUsage=clientAuth,serverAuth",
                "-days", "3650", "-nodes", "-keyout", pkcs8Key.toString(), "-out", certificate.toString());
        run("ec", "-in", pkcs8Key.toString(), "-out", sec1Key.toString());
        return new GoStyleCertificate(certificate, sec1Key, pkcs8Key);
    }

    /** Files of one openssl-made certificate and its key in two encodings. */
    record GoStyleCertificate(Path certificate, Path sec1Key, Path pkcs8Key) {
        TlsIdentity identity() throws SecurityConfigException {
            return TlsIdentity.load(PemSource.file(certificate), PemSource.file(sec1Key));
        }
    }
}
