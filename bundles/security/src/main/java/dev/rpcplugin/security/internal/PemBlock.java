package dev.rpcplugin.security.internal;

/**
 * One PEM block: its label (e.g. {@code CERTIFICATE}, {@code EC PRIVATE KEY}), whether it carried
 * legacy encryption headers, and the DER bytes.
 *
 * @param type      the label between {@code -----BEGIN } and {@code -----}
 * @param encrypted whether the block has OpenSSL's {@code Proc-Type: 4,ENCRYPTED} header
 * @param der       the decoded content; callers must not modify it
 */
public record PemBlock(String type, boolean encrypted, byte[] der) {
}
