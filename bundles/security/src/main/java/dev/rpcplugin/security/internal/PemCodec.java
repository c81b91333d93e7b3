package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.InvalidCredentialException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Splits PEM text into blocks and writes DER as PEM (64-column base64, {@code \n} line ends). */
public final class PemCodec {
    /** How every PEM block starts; used to tell inline PEM from a path or URI. */
    public static final String BEGIN_MARKER = "-----BEGIN ";
    private static final String END_MARKER = "-----END ";
    private static final String DASHES = "-----";
    private static final String PROC_TYPE = "Proc-Type:";

    private PemCodec() {
    }

    /**
     * Reads every PEM block in {@code text}, ignoring text between blocks (as OpenSSL does).
     * PEM whose line breaks were written as the two characters {@code \n} (common in single-line
     * environment files) is accepted too.
     *
     * @param text   PEM text
     * @param source where the text came from, for messages
     * @return the blocks in order; empty if there is none
     * @throws InvalidCredentialException if a block is unterminated or its base64 is malformed
     */
    public static List<PemBlock> read(String text, String source) throws InvalidCredentialException {
        String normalised = text.indexOf('\n') < 0 && text.contains("\\n") ? text.replace("\\n", "\n") : text;
        List<PemBlock> blocks = new ArrayList<>();
        String type = null;
        boolean encrypted = false;
        StringBuilder base64 = new StringBuilder();
        for (String rawLine : normalised.split("\n", -1)) {
            String line = rawLine.strip();
            if (type == null) {
                type = beginLabel(line);
                encrypted = false;
                base64.setLength(0);
            } else if (line.startsWith(END_MARKER)) {
                String end = END_MARKER + type + DASHES;
                if (!line.equals(end)) {
                    throw new InvalidCredentialException(source, "malformed PEM (" + end + " expected, found " + line + ")");
                }
                blocks.add(new PemBlock(type, encrypted, decode(base64, type, source)));
                type = null;
            } else if (base64.length() == 0 && line.indexOf(':') > 0) {
                // RFC 1421 headers come before the base64; only OpenSSL's encryption marker matters here
                encrypted |= line.regionMatches(true, 0, PROC_TYPE, 0, PROC_TYPE.length()) && line.contains("ENCRYPTED");
            } else {
                base64.append(line);
            }
        }
        if (type != null) {
            throw new InvalidCredentialException(source, "malformed PEM (" + END_MARKER + type + DASHES + " not found)");
        }
        return blocks;
    }

    /**
     * @param type the PEM label, e.g. {@code CERTIFICATE}
     * @param der  the content
     * @return the PEM block, ending with a newline
     */
    public static String write(String type, byte[] der) {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        return "-----BEGIN " + type + "-----\n"
                + new String(encoder.encode(der), StandardCharsets.US_ASCII)
                + "\n-----END " + type + "-----\n";
    }

    /** @return the label of a {@code -----BEGIN label-----} line, or null for any other line */
    private static String beginLabel(String line) {
        if (!line.startsWith(BEGIN_MARKER) || !line.endsWith(DASHES)
                || line.length() <= BEGIN_MARKER.length() + DASHES.length()) {
            return null;
        }
        String label = line.substring(BEGIN_MARKER.length(), line.length() - DASHES.length());
        return label.isBlank() || label.startsWith("-") || label.endsWith("-") ? null : label;
    }

    private static byte[] decode(StringBuilder base64, String type, String source) throws InvalidCredentialException {
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidCredentialException(source, "malformed PEM (bad base64 in " + type + ": " + e.getMessage()
                    + ")", e);
        }
    }
}
