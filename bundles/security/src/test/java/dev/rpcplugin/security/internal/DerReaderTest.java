package dev.rpcplugin.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.KeyType;
import dev.rpcplugin.security.internal.DerReader.Element;
import dev.rpcplugin.security.internal.DerReader.MalformedDerException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict DER reader, checked against BouncyCastle's parser where both accept the input. */
class DerReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void readsNestedElementsAndTheirExactExtent() throws Exception {
        byte[] der = DerWriter.sequence(DerWriter.integer(BigInteger.ONE), DerWriter.octetString(new byte[300]),
                DerWriter.explicit(0, DerWriter.oid("1.3.132.0.35")));

        Element outer = DerReader.read(der);
        List<Element> children = outer.children();

        assertThat(outer.tag()).isEqualTo(DerReader.SEQUENCE);
        assertThat(outer.encoded()).isEqualTo(der);
        assertThat(children).extracting(Element::tag)
                .containsExactly(DerReader.INTEGER, DerReader.OCTET_STRING, DerReader.CONTEXT_0);
        assertThat(children.get(1).value()).hasSize(300);
        assertThat(children.get(2).children().get(0).objectIdentifier()).isEqualTo("1.3.132.0.35");
        assertThat(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der)).size()).isEqualTo(children.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10045.2.1", "1.2.840.113549.1.1.1", "1.3.101.112", "2.5.29.19", "2.999.3",
            "0.9.2342.19200300.100.1.1", "1.3.6.1.4.1.311.21.7", "2.25.329800735698586629295641978511506172918"})
    void objectIdentifiersDecodeAsBouncyCastleEncodesThem(String oid) throws Exception {
        byte[] encoded = new ASN1ObjectIdentifier(oid).getEncoded();
        if (oid.startsWith("2.25.")) {
            // larger than a long: refused rather than decoded wrongly
            assertThat(catchThrowableOfType(MalformedDerException.class,
                    () -> DerReader.read(encoded).objectIdentifier())).hasMessageContaining("arc too large");
            return;
        }
        assertThat(DerReader.read(encoded).objectIdentifier()).isEqualTo(oid);
    }

    @Test
    void everyKeyAndCertificateThisModuleWritesReadsBack() throws Exception {
        for (KeyType keyType : KeyType.values()) {
            var identity = AutoMtlsCertificates.generate(keyType);
            byte[] certificate = identity.certificate().getEncoded();
            byte[] key = identity.privateKey().getEncoded();

            assertThat(DerReader.read(certificate).children()).hasSize(3);
            String algorithm = identity.privateKey().getAlgorithm();
            assertThat(DerReader.read(key).children().get(1).children().get(0).objectIdentifier())
                    .as(keyType.name()).isEqualTo("RSA".equals(algorithm) ? "1.2.840.113549.1.1.1" : "1.2.840.10045.2.1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", // no data
            "30", // no length
            "3003020101ff", // a byte after the element
            "3080020101 0000", // indefinite length (BER)
            "30810302 0101", // long form for a length below 128
            "3082000302 0101", // length with a leading zero byte
            "3085000000000302 0101", // five length bytes
            "3004020101", // claims more than there is
            "3003020201", // child claims more than its parent holds
            "1f2200", // multi-byte tag
            "0603 8001 01", // padded arc in an OBJECT IDENTIFIER
            "0602 2a86", // OBJECT IDENTIFIER ending inside an arc
    })
    void malformedDerIsRefusedWithAReason(String hex) {
        byte[] der = HEX.parseHex(hex.replace(" ", ""));

        MalformedDerException e = catchThrowableOfType(MalformedDerException.class, () -> {
            Element element = DerReader.read(der);
            if (element.tag() == DerReader.OBJECT_IDENTIFIER) {
                element.objectIdentifier();
            } else {
                element.children();
            }
        });
        assertThat(e).as(hex).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void primitiveElementsHaveNoChildren() throws Exception {
        Element integer = DerReader.read(DerWriter.integer(BigInteger.TEN));

        assertThat(catchThrowableOfType(MalformedDerException.class, integer::children))
                .hasMessageContaining("primitive");
    }

    @Test
    void randomAndMutatedInputEndsInAResultOrMalformedDerOnly() throws Exception {
        Random random = new Random(20261203L);
        byte[] key = AutoMtlsCertificates.generate().privateKey().getEncoded();
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(40)];
                random.nextBytes(input);
            } else {
                input = key.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    input[random.nextInt(input.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            try {
                walk(DerReader.read(input), 0);
                accepted++;
            } catch (MalformedDerException expected) {
                // the only failure allowed
            }
        }
        assertThat(accepted).as("some mutations keep the structure intact").isPositive();
    }

    private static void walk(Element element, int depth) throws MalformedDerException {
        if (depth > 64) {
            return;
        }
        if (element.tag() == DerReader.OBJECT_IDENTIFIER && element.end() > element.content()) {
            element.objectIdentifier();
        }
        if ((element.tag() & 0x20) != 0) {
            for (Element child : element.children()) {
                walk(child, depth + 1);
            }
        }
    }
}
