package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.InvalidCredentialException;
import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.SourceNotReadableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Reads PEM files named by path or {@code file:} URI, with a size cap so a wrong path cannot flood memory. */
public final class PemFiles {
    /** PEM files are a few kilobytes; anything over this is not one. */
    static final int MAX_BYTES = 1 << 20;

    /** File type bits of a Unix mode, as stat(2) defines them. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private PemFiles() {
    }

    /**
     * @param path   the file
     * @param source how to name it in messages
     * @return the file's text (ISO-8859-1, so that no byte sequence fails to decode)
     * @throws SecurityConfigException if the file is missing, unreadable, not a regular file (a
     *                                 directory, FIFO or device) or too large
     */
    public static String read(Path path, String source) throws SecurityConfigException {
        try {
            // checked before opening: opening a FIFO blocks until a writer comes, and a device may never end
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new SourceNotReadableException(source, "is a directory");
            }
            if (!attributes.isRegularFile()) {
                throw new SourceNotReadableException(source, "is " + specialFileKind(path) + ", not a regular file");
            }
            if (attributes.size() > MAX_BYTES) {
                throw tooLarge(source);
            }
            // the size can be 0 (files under /proc) or grow while we read, so the read itself is capped too
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(source);
            }
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new SourceNotReadableException(source, FileReading.problem(path, e), e);
        }
    }

    /**
     * Accepts {@code file:///abs/path}, {@code file:/abs/path}, and the loose
     * {@code file://relative/path} that some tools write.
     *
     * @param uri    the URI text, starting with {@code file:}
     * @param source where it came from, for messages
     * @return the path it names
     * @throws InvalidCredentialException if no path can be made of it
     */
    public static Path pathOf(String uri, String source) throws InvalidCredentialException {
        if (!uri.regionMatches(true, 0, "file:", 0, "file:".length())) {
            throw new InvalidCredentialException(source, "not a file: URI \"" + uri + "\"");
        }
        try {
            return Path.of(new URI(uri));
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a strict URI (spaces, an authority part): take the rest literally
            String rest = uri.regionMatches(true, 0, "file://", 0, "file://".length())
                    ? uri.substring("file://".length()) : uri.substring("file:".length());
            try {
                if (rest.isEmpty()) {
                    throw new InvalidPathException(uri, "no path after file:");
                }
                return Path.of(rest);
            } catch (InvalidPathException invalid) {
                throw new InvalidCredentialException(source, "not a usable file URI \"" + uri + "\" ("
                        + invalid.getMessage() + ")", invalid);
            }
        }
    }

    private static InvalidCredentialException tooLarge(String source) {
        return new InvalidCredentialException(source, "larger than " + MAX_BYTES + " bytes, not a PEM file");
    }

    /** Names what a path that is neither a regular file nor a directory is, from its Unix file type bits. */
    private static String specialFileKind(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & S_IFMT;
            return switch (type) {
                case S_IFIFO -> "a FIFO (named pipe)";
                case S_IFCHR -> "a character device";
                case S_IFBLK -> "a block device";
                case S_IFSOCK -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file"; // no "unix" attribute view on this platform
        }
    }
}
