package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.InvalidCredentialException;
import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.SourceNotReadableException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Reads PEM files named by path or {@code file:} URI, with a size cap so a wrong path cannot flood memory. */
public final class PemFiles {
    /** PEM files are a few kilobytes; anything over this is not one. */
    static final long MAX_BYTES = 1 << 20;

    private PemFiles() {
    }

    /**
     * @param path   the file
     * @param source how to name it in messages
     * @return the file's text (ISO-8859-1, so that no byte sequence fails to decode)
     * @throws SecurityConfigException if the file is missing, unreadable, a directory or too large
     */
    public static String read(Path path, String source) throws SecurityConfigException {
        try {
            if (Files.isDirectory(path)) {
                throw new SourceNotReadableException(source, "is a directory");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new InvalidCredentialException(source, "larger than " + MAX_BYTES + " bytes, not a PEM file");
            }
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
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
}
