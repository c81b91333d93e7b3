package dev.rpcplugin.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/** Checks the hand-written encodings against BouncyCastle's parser. */
class DerWriterTest {
    @Test
    void objectIdentifiersWithLargeArcs() throws Exception {
        for (String oid : new String[] {"2.5.29.19", "1.2.840.113549.1.1.11", "1.3.6.1.4.1.311.21.7", "2.999.3"}) {
            assertThat(ASN1Primitive.fromByteArray(DerWriter.oid(oid))).isEqualTo(new ASN1ObjectIdentifier(oid));
        }
        assertThat(HexFormat.of().formatHex(DerWriter.oid("1.2.840.10045.4.3.2"))).isEqualTo("06082a8648ce3d040302");
    }

    @Test
    void integersInMinimalTwosComplement() throws Exception {
        for (BigInteger value : new BigInteger[] {BigInteger.ONE, BigInteger.valueOf(128),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)}) {
            assertThat(ASN1Primitive.fromByteArray(DerWriter.integer(value))).isEqualTo(new ASN1Integer(value));
        }
        assertThat(DerWriter.integer(BigInteger.valueOf(128))).containsExactly(0x02, 0x02, 0x00, 0x80);
    }

    @Test
    void shortAndLongLengths() throws Exception {
        for (int length : new int[] {0, 127, 128, 255, 256, 70_000}) {
            byte[] encoded = DerWriter.octetString(new byte[length]);
            assertThat(ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(encoded)).getOctets()).hasSize(length);
        }
    }

    @Test
    void utcTimeBefore2050AndGeneralizedTimeFrom2050() throws Exception {
        Instant before = Instant.parse("2049-12-31T23:59:59Z");
        Instant from = Instant.parse("2050-01-01T00:00:00Z");

        assertThat(ASN1UTCTime.getInstance(ASN1Primitive.fromByteArray(DerWriter.time(before))).getTime())
                .isEqualTo("491231235959GMT+00:00");
        assertThat(ASN1GeneralizedTime.getInstance(ASN1Primitive.fromByteArray(DerWriter.time(from))).getTimeString())
                .isEqualTo("20500101000000Z");
    }

    @Test
    void subjectPublicKeyIsTheBitStringContent() throws Exception {
        for (var keyType : dev.rpcplugin.security.KeyType.values()) {
            byte[] info = dev.rpcplugin.security.AutoMtlsCertificates.generate(keyType).certificate().getPublicKey()
                    .getEncoded();
            assertThat(DerWriter.subjectPublicKey(info))
                    .isEqualTo(SubjectPublicKeyInfo.getInstance(info).getPublicKeyData().getOctets());
        }
    }
}
