package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.FileReading;
import dev.rpcplugin.security.internal.PemCodec;
import dev.rpcplugin.security.internal.PemFiles;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a PEM certificate or key comes from: a file (path or {@code file:} URI), an environment
 * variable, or inline text. Nothing is read until {@link #read()} or one of the decoding methods is
 * called, and every call reads afresh, so files and variables may change between calls.
 *
 * <p>Environment variables follow pyvider-rpcplugin's {@code PLUGIN_SERVER_CERT} convention (and
 * go-plugin's {@code PLUGIN_CLIENT_CERT}): the value is either the PEM text itself or a
 * {@code file://} URI of a PEM file. Configuration values ({@link #of(String, String)}) may also be a
 * plain path.
 */
public final class PemSource {
    private static final String FILE_SCHEME = "file:";

    private final String description;
    private final Resolver resolver;

    private PemSource(String description, Resolver resolver) {
        this.description = description;
        this.resolver = resolver;
    }

    /**
     * @param pem PEM text
     * @return a source that yields the text, named {@code inline PEM} in messages
     */
    public static PemSource inline(String pem) {
        return inline(pem, "inline PEM");
    }

    /**
     * @param pem         PEM text
     * @param description how to name it in messages, e.g. {@code handshake certificate}
     * @return a source that yields the text
     */
    public static PemSource inline(String pem, String description) {
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(description, "description");
        return new PemSource(description, () -> new Content(pem, description));
    }

    /**
     * @param path a PEM file
     * @return a source that reads the file, named {@code file <path>} in messages
     */
    public static PemSource file(Path path) {
        return readingFile(path, FileReading.describe(path));
    }

    /**
     * @param uri a {@code file:} URI such as {@code file:///etc/plugin/cert.pem}
     * @return a source that reads the file it names
     */
    public static PemSource fileUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        return fromFileUri(uri, "");
    }

    /**
     * @param variable the name of an environment variable of this process, e.g. {@code PLUGIN_CLIENT_CERT}
     * @return a source that reads the variable's PEM text or the {@code file://} URI it holds
     */
    public static PemSource environment(String variable) {
        return environment(variable, System.getenv());
    }

    /**
     * @param variable    the variable's name
     * @param environment the environment to look it up in
     * @return a source that reads the variable's PEM text or the {@code file://} URI it holds
     */
    public static PemSource environment(String variable, Map<String, String> environment) {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(environment, "environment");
        String name = "environment variable " + variable;
        return new PemSource(name, () -> {
            String value = environment.get(variable);
            if (value == null) {
                throw new SourceNotReadableException(name, "is not set");
            }
            if (value.contains(PemCodec.BEGIN_MARKER)) {
                return new Content(value, name);
            }
            if (value.strip().regionMatches(true, 0, FILE_SCHEME, 0, FILE_SCHEME.length())) {
                return fromFileUri(value.strip(), " (from " + name + ")").resolver.resolve();
            }
            throw new InvalidCredentialException(name, value.isBlank() ? "is empty"
                    : "is neither PEM text (-----BEGIN ...) nor a file:// URI (" + value.length() + " characters)");
        });
    }

    /**
     * Interprets a configuration value: PEM text if it contains {@code -----BEGIN }, a file if it
     * starts with {@code file:}, otherwise a path.
     *
     * @param value the configured value
     * @param name  where the value was configured, e.g. {@code configuration attribute tls.cert}
     * @return the matching source
     */
    public static PemSource of(String value, String name) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(name, "name");
        String trimmed = value.strip();
        if (value.contains(PemCodec.BEGIN_MARKER)) {
            return inline(value, name);
        }
        if (trimmed.isEmpty()) {
            return failing(name, "is empty");
        }
        if (trimmed.regionMatches(true, 0, FILE_SCHEME, 0, FILE_SCHEME.length())) {
            return fromFileUri(trimmed, " (from " + name + ")");
        }
        Path path;
        try {
            path = Path.of(trimmed);
        } catch (InvalidPathException e) {
            return failing(name, "is not PEM text, a file: URI or a usable path (" + e.getMessage() + ")");
        }
        return readingFile(path, FileReading.describe(path) + " (from " + name + ")");
    }

    /**
     * @return how this source is named in messages, e.g. {@code environment variable PLUGIN_CLIENT_CERT}
     */
    public String description() {
        return description;
    }

    /**
     * @return the PEM text
     * @throws SecurityConfigException if the source cannot be read
     */
    public String read() throws SecurityConfigException {
        return resolver.resolve().text();
    }

    /**
     * @return the first certificate of the source
     * @throws SecurityConfigException if the source cannot be read or holds no usable certificate
     */
    public X509Certificate certificate() throws SecurityConfigException {
        Content content = resolver.resolve();
        return Pem.decodeCertificate(content.text(), content.description());
    }

    /**
     * @return every certificate of the source, leaf first; never empty
     * @throws SecurityConfigException if the source cannot be read or holds no usable certificate
     */
    public List<X509Certificate> certificates() throws SecurityConfigException {
        Content content = resolver.resolve();
        return Pem.decodeCertificates(content.text(), content.description());
    }

    /**
     * @return the source's single private key (PKCS#8, SEC1 EC or PKCS#1 RSA)
     * @throws SecurityConfigException if the source cannot be read or holds no single usable key
     */
    public PrivateKey privateKey() throws SecurityConfigException {
        Content content = resolver.resolve();
        return Pem.decodePrivateKey(content.text(), content.description());
    }

    @Override
    public String toString() {
        return "PemSource[" + description + "]";
    }

    private static PemSource fromFileUri(String uri, String suffix) {
        String fallbackName = "file URI " + uri + suffix;
        return new PemSource(fallbackName, () -> {
            Path path = PemFiles.pathOf(uri, fallbackName);
            String name = FileReading.describe(path) + suffix;
            return new Content(PemFiles.read(path, name), name);
        });
    }

    private static PemSource readingFile(Path path, String name) {
        return new PemSource(name, () -> new Content(PemFiles.read(path, name), name));
    }

    private static PemSource failing(String name, String problem) {
        return new PemSource(name, () -> {
            throw new InvalidCredentialException(name, problem);
        });
    }

    /** PEM text and the name of where it was finally read from (a file named by a variable, say). */
    private record Content(String text, String description) {
    }

    @FunctionalInterface
    private interface Resolver {
        Content resolve() throws SecurityConfigException;
    }
}
