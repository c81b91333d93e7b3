package dev.rpcplugin.handshake;

import java.util.Random;

/** Deterministic certificate-sized byte arrays (the parser only base64-decodes field 6). */
final class TestCertificates {

    private TestCertificates() {
    }

    /** {@code size} pseudo-random bytes starting like a DER SEQUENCE, as a certificate does. */
    static byte[] der(int size) {
        byte[] der = new byte[size];
        new Random(size).nextBytes(der);
        der[0] = 0x30;
        der[1] = (byte) 0x82;
        return der;
    }
}
