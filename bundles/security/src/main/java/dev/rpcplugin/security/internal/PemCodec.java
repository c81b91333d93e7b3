package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.InvalidCredentialException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Splits PEM text into blocks and writes DER as PEM (64-column base64, {@code \n} line ends). */
public final class PemCodec {
    /** How every PEM block starts; used to tell inline PEM from a path or URI. */
    public static final String BEGIN_MARKER = "-----BEGIN ";

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
        try (PemReader reader = new PemReader(new StringReader(normalised))) {
            for (PemObject object = reader.readPemObject(); object != null; object = reader.readPemObject()) {
                blocks.add(new PemBlock(object.getType(), isEncrypted(object), object.getContent()));
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 as an unchecked DecoderException
            throw new InvalidCredentialException(source, "malformed PEM (" + e.getMessage() + ")", e);
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

    private static boolean isEncrypted(PemObject object) {
        for (Object header : object.getHeaders()) {
            PemHeader pemHeader = (PemHeader) header;
            if ("Proc-Type".equalsIgnoreCase(pemHeader.getName()) && pemHeader.getValue().contains("ENCRYPTED")) {
                return true;
            }
        }
        return false;
    }
}
