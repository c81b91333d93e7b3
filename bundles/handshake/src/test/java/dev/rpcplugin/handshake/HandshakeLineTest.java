package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandshakeLineTest {

    @Test
    void formatsExactlyLikeTheDebianGoPlugin() {
        HandshakeLine line = HandshakeLine.builder(1, Network.UNIX, "/tmp/run/plugin2394929427").build();
        assertThat(line.format()).isEqualTo("1|1|unix|/tmp/run/plugin2394929427|grpc|");
    }

    @Test
    void formatsCertificateAsUnpaddedStandardBase64() {
        byte[] der = TestCertificates.der(595);
        der[10] = (byte) 0xFB; // forces '+' or '/' somewhere in standard base64
        der[11] = (byte) 0xFF;
        String formatted = HandshakeLine.builder(1, Network.UNIX, "/tmp/run/plugin1221084781")
                .serverCertificate(der).build().format();
        String field = formatted.substring("1|1|unix|/tmp/run/plugin1221084781|grpc|".length());
        assertThat(formatted).startsWith("1|1|unix|/tmp/run/plugin1221084781|grpc|MI");
        assertThat(field).hasSize(794).doesNotContain("=", "-", "_", "\n").matches("[A-Za-z0-9+/]+");
        assertThat(Base64.getDecoder().decode(field)).isEqualTo(der);
    }

    @Test
    void appendsFieldSevenOnlyWhenSet() {
        HandshakeLine.Builder builder = HandshakeLine.builder(5, Network.TCP, "127.0.0.1:10000");
        assertThat(builder.build().format()).isEqualTo("1|5|tcp|127.0.0.1:10000|grpc|");
        assertThat(builder.multiplexSupported(true).build().format()).isEqualTo("1|5|tcp|127.0.0.1:10000|grpc||true");
        assertThat(builder.multiplexSupported(false).build().format())
                .isEqualTo("1|5|tcp|127.0.0.1:10000|grpc||false");
    }

    @Test
    void formatThenParseRoundTrips() throws HandshakeException {
        HandshakeLine original = HandshakeLine.builder(3, Network.UNIX, "/tmp/p1").serverCertificate(
                TestCertificates.der(700)).multiplexSupported(true).build();
        HandshakeParser parser = HandshakeParser.builder(Set.of(3)).multiplexRequested(true).build();
        assertThat(parser.parse(original.format() + "\n")).isEqualTo(original).hasSameHashCodeAs(original);
    }

    @Test
    void certificateIsCopiedInAndOut() {
        byte[] der = TestCertificates.der(400);
        HandshakeLine line = HandshakeLine.builder(1, Network.UNIX, "/s").serverCertificate(der).build();
        der[5] ^= 1;
        byte[] out = line.serverCertificate().orElseThrow();
        assertThat(out).isNotEqualTo(der);
        out[6] ^= 1;
        assertThat(line.serverCertificate().orElseThrow()).isNotEqualTo(out).isEqualTo(TestCertificates.der(400));
    }

    @Test
    void valueSemantics() {
        HandshakeLine a = HandshakeLine.builder(1, Network.UNIX, "/s").serverCertificate(TestCertificates.der(64)).build();
        HandshakeLine b = HandshakeLine.builder(1, Network.UNIX, "/s").serverCertificate(TestCertificates.der(64)).build();
        HandshakeLine c = HandshakeLine.builder(1, Network.UNIX, "/s").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toString()).contains("64 bytes").contains("/s").contains("not negotiated");
        assertThat(a.coreVersion()).isEqualTo(HandshakeLine.CORE_PROTOCOL_VERSION);
    }

    @Test
    void builderRejectsWhatCannotBePrinted() {
        assertThatThrownBy(() -> HandshakeLine.builder(-1, Network.UNIX, "/s").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> HandshakeLine.builder(1, Network.UNIX, "").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket path is empty");
        assertThatThrownBy(() -> HandshakeLine.builder(1, Network.UNIX, "/a|b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'|'");
        assertThatThrownBy(() -> HandshakeLine.builder(1, Network.UNIX, "/a\nb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> HandshakeLine.builder(1, Network.TCP, "localhost").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"localhost\"");
        assertThatThrownBy(() -> HandshakeLine.builder(1, Network.UNIX, "/s").protocol("g rpc").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"g rpc\"");
        assertThatThrownBy(() -> HandshakeLine.builder(1, Network.UNIX, "/s").protocol("").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeLine.builder(1, Network.UNIX, "/s").serverCertificate(new byte[37]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("37 bytes");
    }

    @Test
    void shortestAcceptedCertificateSurvivesTheFiftyCharacterRule() throws HandshakeException {
        byte[] der = TestCertificates.der(38);
        HandshakeLine line = HandshakeLine.builder(1, Network.UNIX, "/s").serverCertificate(der).build();
        assertThat(HandshakeParser.forVersions(1).parse(line.format()).serverCertificate())
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(der));
    }

    @Test
    void networkNamesAreExact() {
        assertThat(Network.fromWireName("unix")).contains(Network.UNIX);
        assertThat(Network.fromWireName("tcp")).contains(Network.TCP);
        assertThat(Network.fromWireName("TCP")).isEmpty();
        assertThat(Network.TCP.wireName()).isEqualTo("tcp");
    }
}
