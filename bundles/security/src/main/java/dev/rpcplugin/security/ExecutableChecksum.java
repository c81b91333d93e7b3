package dev.rpcplugin.security;

import dev.rpcplugin.security.internal.CertificateDescriptions;
import dev.rpcplugin.security.internal.FileReading;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The expected SHA-256 digest of a plugin executable, go-plugin's {@code SecureConfig}: the host
 * hashes the file at the command path before starting it and refuses to start on a mismatch.
 * Digests are compared in constant time. As in go-plugin, the file can still change between the
 * check and the start; and wrapping the plugin in {@code sh -c} makes it check the shell.
 */
public final class ExecutableChecksum {
    private static final int SHA256_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] digest;

    private ExecutableChecksum(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @param hex 64 ASCII hex digits, either case, surrounding blanks ignored
     * @return the expected checksum
     * @throws SecurityConfigException {@code no checksum provided} if blank, or if not 64 hex digits
     */
    public static ExecutableChecksum ofHex(String hex) throws SecurityConfigException {
        String trimmed = hex == null ? "" : hex.strip();
        if (trimmed.isEmpty()) {
            throw new SecurityConfigException("SHA-256 checksum", "no checksum provided");
        }
        if (trimmed.length() != 2 * SHA256_BYTES || !trimmed.chars().allMatch(HexFormat::isHexDigit)) {
            throw new SecurityConfigException("SHA-256 checksum", "expected 64 hex digits, got \"" + trimmed + "\"");
        }
        return new ExecutableChecksum(HEX.parseHex(trimmed));
    }

    /**
     * @param digest the 32 bytes of a SHA-256 digest (copied)
     * @return the expected checksum
     * @throws SecurityConfigException {@code no checksum provided} if empty, or if not 32 bytes
     */
    public static ExecutableChecksum of(byte[] digest) throws SecurityConfigException {
        if (digest == null || digest.length == 0) {
            throw new SecurityConfigException("SHA-256 checksum", "no checksum provided");
        }
        if (digest.length != SHA256_BYTES) {
            throw new SecurityConfigException("SHA-256 checksum", "expected 32 bytes, got " + digest.length);
        }
        return new ExecutableChecksum(digest.clone());
    }

    /**
     * @param file a file
     * @return the file's SHA-256 checksum
     * @throws ChecksumException {@code error verifying checksum: file …: no such file} and the like
     */
    public static ExecutableChecksum compute(Path file) throws ChecksumException {
        String name = FileReading.describe(file);
        if (Files.isDirectory(file)) {
            throw new ChecksumException(name, "is a directory", null);
        }
        MessageDigest sha256 = CertificateDescriptions.sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new ChecksumException(name, FileReading.problem(file, e), e);
        }
        return new ExecutableChecksum(sha256.digest());
    }

    /**
     * Hashes the file and compares in constant time.
     *
     * @param executable the file that is about to be started
     * @throws ChecksumMismatchException if the digests differ (naming the file and both digests)
     * @throws ChecksumException         if the file cannot be read
     */
    public void verify(Path executable) throws ChecksumException {
        ExecutableChecksum actual = compute(executable);
        if (!MessageDigest.isEqual(digest, actual.digest)) {
            throw new ChecksumMismatchException(FileReading.describe(executable), hex(), actual.hex());
        }
    }

    /**
     * @return the digest in lower-case hex
     */
    public String hex() {
        return HEX.formatHex(digest);
    }

    /**
     * @return a copy of the digest's 32 bytes
     */
    public byte[] bytes() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExecutableChecksum that && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "sha256:" + hex();
    }
}
