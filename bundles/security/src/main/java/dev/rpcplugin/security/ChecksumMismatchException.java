package dev.rpcplugin.security;

/**
 * The executable's SHA-256 digest differs from the expected one. The message carries go-plugin's
 * wording and names the file and both digests:
 * {@code error verifying checksum: file /opt/plugin: checksums did not match (expected sha256 …, actual sha256 …)}.
 */
public final class ChecksumMismatchException extends ChecksumException {
    private static final long serialVersionUID = 1L;

    /** The expected digest, lower-case hex. */
    private final String expectedHex;
    /** The file's digest, lower-case hex. */
    private final String actualHex;

    /**
     * @param file        the executable as shown in messages, e.g. {@code file /opt/plugin}
     * @param expectedHex the expected SHA-256 digest in lower-case hex
     * @param actualHex   the file's SHA-256 digest in lower-case hex
     */
    public ChecksumMismatchException(String file, String expectedHex, String actualHex) {
        super(file, "checksums did not match (expected sha256 " + expectedHex + ", actual sha256 " + actualHex + ")",
                null);
        this.expectedHex = expectedHex;
        this.actualHex = actualHex;
    }

    /**
     * @return the expected SHA-256 digest in lower-case hex
     */
    public String expectedHex() {
        return expectedHex;
    }

    /**
     * @return the file's actual SHA-256 digest in lower-case hex
     */
    public String actualHex() {
        return actualHex;
    }
}
