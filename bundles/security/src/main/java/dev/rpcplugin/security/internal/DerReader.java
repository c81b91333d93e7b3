package dev.rpcplugin.security.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the DER this package needs to look into: the structure of private keys and the outer
 * element of a certificate. Strict: definite lengths in their shortest form, one-byte tags, nothing
 * after the element. What is inside a key or certificate is left to the JDK's own parsers.
 */
public final class DerReader {
    /** Universal tag of an INTEGER. */
    public static final int INTEGER = 0x02;
    /** Universal tag of an OCTET STRING. */
    public static final int OCTET_STRING = 0x04;
    /** Universal tag of an OBJECT IDENTIFIER. */
    public static final int OBJECT_IDENTIFIER = 0x06;
    /** Universal tag of a SEQUENCE (constructed). */
    public static final int SEQUENCE = 0x30;
    /** Tag of an EXPLICIT context-specific {@code [0]}. */
    public static final int CONTEXT_0 = 0xA0;

    private static final int CONSTRUCTED = 0x20;
    private static final int HIGH_TAG_NUMBER = 0x1F;
    /** Four length bytes address far more than any key or certificate this reads. */
    private static final int MAX_LENGTH_BYTES = 4;

    private DerReader() {
    }

    /** DER that breaks an encoding rule; the message says which and where. */
    public static final class MalformedDerException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedDerException(String message) {
            super(message);
        }
    }

    /**
     * One element: its tag and where its encoding lies in the array it was read from.
     *
     * @param tag     the identifier octet
     * @param source  the array it was read from; not copied
     * @param start   offset of the identifier octet
     * @param content offset of the first content octet
     * @param end     offset just after the last content octet
     */
    public record Element(int tag, byte[] source, int start, int content, int end) {
        /** @return the whole encoding (tag, length and content), copied */
        public byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        /** @return the content octets, copied */
        public byte[] value() {
            return Arrays.copyOfRange(source, content, end);
        }

        /**
         * @return the elements the content of this constructed element consists of, in order
         * @throws MalformedDerException if this element is primitive or its content is not a run of elements
         */
        public List<Element> children() throws MalformedDerException {
            if ((tag & CONSTRUCTED) == 0) {
                throw new MalformedDerException("element with tag 0x" + Integer.toHexString(tag) + " at offset "
                        + start + " is primitive, expected a constructed one");
            }
            List<Element> children = new ArrayList<>();
            for (int offset = content; offset < end; ) {
                Element child = readElement(source, offset, end);
                children.add(child);
                offset = child.end;
            }
            return children;
        }

        /**
         * @return this OBJECT IDENTIFIER in dotted form, e.g. {@code 1.2.840.10045.2.1}
         * @throws MalformedDerException if this is no OBJECT IDENTIFIER or its arcs are badly encoded
         */
        public String objectIdentifier() throws MalformedDerException {
            if (tag != OBJECT_IDENTIFIER || content == end) {
                throw new MalformedDerException("expected an OBJECT IDENTIFIER at offset " + start);
            }
            StringBuilder dotted = new StringBuilder();
            long arc = 0;
            boolean first = true;
            for (int offset = content; offset < end; offset++) {
                int octet = source[offset] & 0xFF;
                if (arc == 0 && octet == 0x80) {
                    throw new MalformedDerException("OBJECT IDENTIFIER at offset " + start + " has a padded arc");
                }
                if (arc > (Long.MAX_VALUE >>> 7)) {
                    throw new MalformedDerException("OBJECT IDENTIFIER at offset " + start + " has an arc too large");
                }
                arc = (arc << 7) | (octet & 0x7F);
                if ((octet & 0x80) != 0) {
                    if (offset == end - 1) {
                        throw new MalformedDerException("OBJECT IDENTIFIER at offset " + start + " ends inside an arc");
                    }
                    continue;
                }
                if (first) {
                    long top = Math.min(arc / 40, 2);
                    dotted.append(top).append('.').append(arc - top * 40);
                    first = false;
                } else {
                    dotted.append('.').append(arc);
                }
                arc = 0;
            }
            return dotted.toString();
        }
    }

    /**
     * Reads the one element {@code der} consists of.
     *
     * @param der DER bytes
     * @return the element, spanning the whole array
     * @throws MalformedDerException if the bytes are not exactly one well-formed element
     */
    public static Element read(byte[] der) throws MalformedDerException {
        if (der.length == 0) {
            throw new MalformedDerException("no data");
        }
        Element element = readElement(der, 0, der.length);
        if (element.end != der.length) {
            throw new MalformedDerException((der.length - element.end) + " bytes after the element");
        }
        return element;
    }

    private static Element readElement(byte[] der, int start, int limit) throws MalformedDerException {
        if (limit - start < 2) {
            throw new MalformedDerException("truncated element at offset " + start);
        }
        int tag = der[start] & 0xFF;
        if ((tag & HIGH_TAG_NUMBER) == HIGH_TAG_NUMBER) {
            throw new MalformedDerException("multi-byte tag at offset " + start);
        }
        int first = der[start + 1] & 0xFF;
        int content = start + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int lengthBytes = first & 0x7F;
            if (lengthBytes == 0) {
                throw new MalformedDerException("indefinite length at offset " + start + " (BER, not DER)");
            }
            if (lengthBytes > MAX_LENGTH_BYTES || content + lengthBytes > limit) {
                throw new MalformedDerException("bad length at offset " + start);
            }
            if (der[content] == 0) {
                throw new MalformedDerException("length with a leading zero byte at offset " + start);
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (der[content + i] & 0xFF);
            }
            if (length < 0x80) {
                throw new MalformedDerException("long form for a short length at offset " + start);
            }
            content += lengthBytes;
        }
        if (length > limit - content) {
            throw new MalformedDerException("element at offset " + start + " claims " + length + " bytes, "
                    + (limit - content) + " remain");
        }
        return new Element(tag, der, start, content, content + (int) length);
    }
}
