package dev.rpcplugin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemSourceTest {
    private static TlsIdentity identity;

    @TempDir
    Path directory;

    private Path certificateFile;
    private Path keyFile;
    private final Map<String, String> environment = new HashMap<>();

    @BeforeAll
    static void identity() {
        identity = AutoMtlsCertificates.generate();
    }

    @BeforeEach
    void files() throws Exception {
        certificateFile = Files.writeString(directory.resolve("cert.pem"), identity.certificatePem());
        keyFile = Files.writeString(directory.resolve("key.pem"), identity.privateKeyPem());
    }

    @Test
    void plainPath() throws Exception {
        assertThat(PemSource.file(certificateFile).certificate()).isEqualTo(identity.certificate());
        assertThat(PemSource.file(keyFile).privateKey()).isEqualTo(identity.privateKey());
        assertThat(PemSource.of(certificateFile.toString(), "tls.cert").certificate()).isEqualTo(identity.certificate());
        assertThat(PemSource.file(certificateFile).description()).isEqualTo("file " + certificateFile);
    }

    @Test
    void fileUris() throws Exception {
        String uri = certificateFile.toUri().toString();

        assertThat(uri).startsWith("file:///");
        assertThat(PemSource.fileUri(uri).certificate()).isEqualTo(identity.certificate());
        assertThat(PemSource.fileUri("file:" + certificateFile).certificate()).isEqualTo(identity.certificate());
        assertThat(PemSource.of("file://" + keyFile, "tls.key").privateKey()).isEqualTo(identity.privateKey());
    }

    @Test
    void fileUriWithSpacesTakenLiterally() throws Exception {
        Path spaced = Files.writeString(directory.resolve("my cert.pem"), identity.certificatePem());

        assertThat(PemSource.fileUri("file://" + spaced).certificate()).isEqualTo(identity.certificate());
        assertThat(PemSource.fileUri(spaced.toUri().toString()).certificate()).isEqualTo(identity.certificate());
    }

    @Test
    void inlinePem() throws Exception {
        assertThat(PemSource.inline(identity.certificatePem()).certificate()).isEqualTo(identity.certificate());
        assertThat(PemSource.of(identity.privateKeyPem(), "tls.key").privateKey()).isEqualTo(identity.privateKey());
        assertThat(PemSource.inline("x").description()).isEqualTo("inline PEM");
        assertThat(PemSource.inline(identity.certificatePem()).read()).isEqualTo(identity.certificatePem());
    }

    @Test
    void environmentVariableHoldingPem() throws Exception {
        environment.put("PLUGIN_CLIENT_CERT", identity.certificatePem());

        PemSource source = PemSource.environment("PLUGIN_CLIENT_CERT", environment);

        assertThat(source.certificate()).isEqualTo(identity.certificate());
        assertThat(source.description()).isEqualTo("environment variable PLUGIN_CLIENT_CERT");
    }

    @Test
    void environmentVariableHoldingAFileUriAsPyviderAllows() throws Exception {
        environment.put("PLUGIN_SERVER_CERT", "file://" + certificateFile);
        environment.put("PLUGIN_SERVER_KEY", keyFile.toUri().toString());

        TlsIdentity loaded = TlsIdentity.load(PemSource.environment("PLUGIN_SERVER_CERT", environment),
                PemSource.environment("PLUGIN_SERVER_KEY", environment));

        assertThat(loaded).isEqualTo(identity);
    }

    @Test
    void environmentIsReadWhenUsed() throws Exception {
        PemSource source = PemSource.environment("PLUGIN_CLIENT_CERT", environment);
        environment.put("PLUGIN_CLIENT_CERT", identity.certificatePem());

        assertThat(source.certificate()).isEqualTo(identity.certificate());
    }

    @Test
    void processEnvironmentIsTheDefault() {
        String variable = System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();

        assertThat(catchThrowableOfType(InvalidCredentialException.class,
                () -> PemSource.environment(variable).certificate()))
                .hasMessageStartingWith("environment variable " + variable
                        + ": is neither PEM text (-----BEGIN ...) nor a file:// URI");
    }

    @Test
    void environmentErrors() {
        environment.put("EMPTY", "  ");
        environment.put("GARBAGE", "abcdef");
        environment.put("KEY_ONLY", identity.privateKeyPem());
        environment.put("MISSING_FILE", "file:///nonexistent/cert.pem");

        assertThat(unreadable(() -> PemSource.environment("PLUGIN_CLIENT_CERT", environment).certificate()))
                .hasMessage("environment variable PLUGIN_CLIENT_CERT: is not set");
        assertThat(invalid(() -> PemSource.environment("EMPTY", environment).certificate()))
                .hasMessage("environment variable EMPTY: is empty");
        assertThat(invalid(() -> PemSource.environment("GARBAGE", environment).certificate()))
                .hasMessage("environment variable GARBAGE: is neither PEM text (-----BEGIN ...) nor a file:// URI"
                        + " (6 characters)");
        assertThat(invalid(() -> PemSource.environment("KEY_ONLY", environment).certificate()))
                .hasMessageStartingWith("environment variable KEY_ONLY: does not contain a PEM certificate");
        assertThat(unreadable(() -> PemSource.environment("MISSING_FILE", environment).certificate()))
                .hasMessage("file /nonexistent/cert.pem (from environment variable MISSING_FILE): no such file");
    }

    @Test
    void fileErrors() throws Exception {
        Path missing = directory.resolve("x/y.pem");
        Path huge = directory.resolve("huge.pem");
        Files.write(huge, new byte[(1 << 20) + 1]);

        assertThat(unreadable(() -> PemSource.file(missing).certificate()))
                .hasMessage("file " + missing + ": no such file")
                .satisfies(e -> assertThat(e.source()).isEqualTo("file " + missing));
        assertThat(unreadable(() -> PemSource.file(directory).certificate()))
                .hasMessage("file " + directory + ": is a directory");
        assertThat(invalid(() -> PemSource.file(huge).certificate()))
                .hasMessage("file " + huge + ": larger than 1048576 bytes, not a PEM file");
        assertThat(invalid(() -> PemSource.file(keyFile).certificate()))
                .hasMessageStartingWith("file " + keyFile + ": does not contain a PEM certificate");
        assertThat(invalid(() -> PemSource.file(certificateFile).privateKey()))
                .hasMessageStartingWith("file " + certificateFile + ": does not contain a PEM private key");
    }

    @Test
    void fifoAndDeviceAreRefusedWithoutReading() throws Exception {
        Path fifo = directory.resolve("cert.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).as("mkfifo finished").isTrue();
        assertThat(mkfifo.exitValue()).as("mkfifo exit code").isZero();
        try {
            // opening a FIFO to read would block until a writer comes, so a read must not even open it
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> unreadable(() -> PemSource.file(fifo).certificate())))
                    .hasMessage("file " + fifo + ": is a FIFO (named pipe), not a regular file");
        } finally {
            releaseReaderBlockedOn(fifo);
        }
        Path zero = Path.of("/dev/zero");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> unreadable(() -> PemSource.of("file://" + zero, "tls.cert").certificate())))
                .hasMessage("file " + zero + " (from tls.cert): is a character device, not a regular file");
    }

    @Test
    void configurationValueErrors() {
        assertThat(invalid(() -> PemSource.of(" ", "tls.cert").certificate())).hasMessage("tls.cert: is empty");
        assertThat(unreadable(() -> PemSource.of("/nonexistent/c.pem", "tls.cert").certificate()))
                .hasMessage("file /nonexistent/c.pem (from tls.cert): no such file");
        assertThat(invalid(() -> PemSource.of("bad\0path", "tls.cert").certificate()))
                .hasMessageStartingWith("tls.cert: is not PEM text, a file: URI or a usable path");
        assertThat(invalid(() -> PemSource.fileUri("http://example.org/c.pem").certificate()))
                .hasMessage("file URI http://example.org/c.pem: not a file: URI \"http://example.org/c.pem\"");
        assertThat(invalid(() -> PemSource.fileUri("file://").certificate()))
                .hasMessageStartingWith("file URI file://: not a usable file URI \"file://\"");
    }

    @Test
    void certificateAndKeyMayShareAFile() throws Exception {
        Path combined = Files.writeString(directory.resolve("both.pem"),
                identity.certificatePem() + identity.privateKeyPem());

        assertThat(TlsIdentity.load(PemSource.file(combined), PemSource.file(combined))).isEqualTo(identity);
    }

    /** Opening read-write never blocks on Linux and lets a reader stuck in open() go on to end of file. */
    private static void releaseReaderBlockedOn(Path fifo) throws IOException {
        try (FileChannel ignored = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // closing leaves the FIFO without writers
        }
    }

    private static SourceNotReadableException unreadable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(SourceNotReadableException.class, call);
    }

    private static InvalidCredentialException invalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(InvalidCredentialException.class, call);
    }
}
