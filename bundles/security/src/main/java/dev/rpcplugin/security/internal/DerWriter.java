package dev.rpcplugin.security.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings an X.509 certificate needs, as byte arrays. Written by hand because loading
 * BouncyCastle's certificate builder costs a fresh JVM about 90 ms of CPU, several times the key
 * generation itself, and every plugin process pays it once.
 */
public final class DerWriter {
    private static final int BOOLEAN = 0x01;
    private static final int BIT_STRING = 0x03;
    private static final int NULL = 0x05;
    private static final int PRINTABLE_STRING = 0x13;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int SET = 0x31;
    private static final int CONTEXT_CONSTRUCTED = 0xA0;
    private static final int CONTEXT_PRIMITIVE = 0x80;
    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private DerWriter() {
    }

    /** @return a SEQUENCE of the given encodings */
    public static byte[] sequence(byte[]... elements) {
        return tlv(DerReader.SEQUENCE, concat(elements));
    }

    /** @return a SET of one element (the only kind a distinguished name here needs) */
    public static byte[] set(byte[] element) {
        return tlv(SET, element);
    }

    /** @return an EXPLICIT context-specific tag {@code [number]} around the encoding */
    public static byte[] explicit(int number, byte[] element) {
        return tlv(CONTEXT_CONSTRUCTED | number, element);
    }

    /** @return an IMPLICIT primitive context-specific tag {@code [number]} around ASCII text */
    public static byte[] implicitText(int number, String text) {
        return tlv(CONTEXT_PRIMITIVE | number, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return a BOOLEAN */
    public static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0x00)});
    }

    /** @return an INTEGER in minimal two's complement */
    public static byte[] integer(BigInteger value) {
        return tlv(DerReader.INTEGER, value.toByteArray());
    }

    /** @return a NULL */
    public static byte[] nul() {
        return tlv(NULL, new byte[0]);
    }

    /** @return an OCTET STRING */
    public static byte[] octetString(byte[] content) {
        return tlv(DerReader.OCTET_STRING, content);
    }

    /** @return a BIT STRING of whole bytes minus {@code unusedBits} trailing bits of the last one */
    public static byte[] bitString(byte[] content, int unusedBits) {
        byte[] value = new byte[content.length + 1];
        value[0] = (byte) unusedBits;
        System.arraycopy(content, 0, value, 1, content.length);
        return tlv(BIT_STRING, value);
    }

    /** @return a PrintableString, as Go writes names made of letters, digits and spaces */
    public static byte[] printableString(String text) {
        return tlv(PRINTABLE_STRING, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return an OBJECT IDENTIFIER from its dotted form, e.g. {@code 2.5.29.19} */
    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(DerReader.OBJECT_IDENTIFIER, out.toByteArray());
    }

    /** @return a UTCTime for years 1950 to 2049 and a GeneralizedTime otherwise (RFC 5280 4.1.2.5) */
    public static byte[] time(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        boolean utcTime = utc.getYear() >= 1950 && utc.getYear() < 2050;
        return tlv(utcTime ? UTC_TIME : GENERALIZED_TIME,
                (utcTime ? UTC_TIME_FORMAT : GENERALIZED_TIME_FORMAT).format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns the content of the BIT STRING in a SubjectPublicKeyInfo, the bytes a subject key
     * identifier hashes.
     *
     * @param subjectPublicKeyInfo {@code SEQUENCE { AlgorithmIdentifier, BIT STRING }}
     * @return the BIT STRING's bytes after its unused-bits byte
     */
    public static byte[] subjectPublicKey(byte[] subjectPublicKeyInfo) {
        int offset = contentOffset(subjectPublicKeyInfo, 0); // into the outer SEQUENCE
        offset = contentOffset(subjectPublicKeyInfo, offset) + length(subjectPublicKeyInfo, offset); // skip algorithm
        int content = contentOffset(subjectPublicKeyInfo, offset);
        int length = length(subjectPublicKeyInfo, offset);
        byte[] key = new byte[length - 1];
        System.arraycopy(subjectPublicKeyInfo, content + 1, key, 0, key.length);
        return key;
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int group = groups - 1; group >= 0; group--) {
            int bits = (int) (value >>> (7 * group)) & 0x7F;
            out.write(group == 0 ? bits : bits | 0x80);
        }
    }

    /** Offset of the content of the element whose tag is at {@code offset}. */
    private static int contentOffset(byte[] der, int offset) {
        int first = der[offset + 1] & 0xFF;
        return offset + 2 + (first < 0x80 ? 0 : first & 0x7F);
    }

    /** Content length of the element whose tag is at {@code offset}. */
    private static int length(byte[] der, int offset) {
        int first = der[offset + 1] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7F); i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xFF);
        }
        return length;
    }
}
