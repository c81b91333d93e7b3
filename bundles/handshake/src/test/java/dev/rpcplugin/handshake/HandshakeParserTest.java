package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.handshake.HandshakeException.Reason;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeParserTest {

    private static final byte[] CERT = TestCertificates.der(794 * 3 / 4);
    private static final String CERT_FIELD = Base64.getEncoder().withoutPadding().encodeToString(CERT);

    private final HandshakeParser parser = HandshakeParser.forVersions(1);

    @Test
    void parsesRealGoLineWithoutCertificate() throws HandshakeException {
        HandshakeLine line = parser.parse("1|1|unix|/tmp/run/plugin2394929427|grpc|\n");
        assertThat(line.coreVersion()).isEqualTo(1);
        assertThat(line.appVersion()).isEqualTo(1);
        assertThat(line.network()).isEqualTo(Network.UNIX);
        assertThat(line.address()).isEqualTo("/tmp/run/plugin2394929427");
        assertThat(line.protocol()).isEqualTo("grpc");
        assertThat(line.serverCertificate()).isEmpty();
        assertThat(line.multiplexSupported()).isEmpty();
    }

    @Test
    void parsesCertificateLineWithCrLf() throws HandshakeException {
        HandshakeLine line = parser.parse("1|1|unix|/tmp/run/plugin1221084781|grpc|" + CERT_FIELD + "\r\n");
        assertThat(CERT_FIELD).hasSize(794);
        assertThat(line.serverCertificate()).hasValueSatisfying(der -> assertThat(der).isEqualTo(CERT));
    }

    @Test
    void acceptsPaddedCertificate() throws HandshakeException {
        byte[] der = TestCertificates.der(400);
        String padded = Base64.getEncoder().encodeToString(der);
        assertThat(padded).endsWith("=");
        assertThat(parser.parse("1|1|tcp|127.0.0.1:1234|grpc|" + padded).serverCertificate())
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(der));
    }

    @Test
    void parsesFiveFieldLineOfNonGoPlugins() throws HandshakeException {
        HandshakeLine line = parser.parse("1|1|tcp|127.0.0.1:1234|grpc");
        assertThat(line.network()).isEqualTo(Network.TCP);
        assertThat(line.address()).isEqualTo("127.0.0.1:1234");
        assertThat(line.serverCertificate()).isEmpty();
    }

    @Test
    void acceptsGoIntegerSpellingsOfVersions() throws HandshakeException {
        assertThat(parser.parse("+1|01|unix|/s|grpc|").appVersion()).isEqualTo(1);
    }

    @Test
    void ignoresShortCertificateFieldAndExtraFields() throws HandshakeException {
        String fifty = "x".repeat(50);
        HandshakeLine line = parser.parse("1|1|unix|/s|grpc|" + fifty + "|junk|more|fields");
        assertThat(line.serverCertificate()).isEmpty();
        assertThat(line.multiplexSupported()).isEmpty();
    }

    @Test
    void aPaddedCertificateFieldTooShortForACertificateFails() {
        // 52 characters with padding are 37 bytes, which unpadded would be a field hosts ignore
        String padded = java.util.Base64.getEncoder().encodeToString(new byte[37]);
        assertThat(padded).hasSize(52);
        assertFails("1|1|unix|/s|grpc|" + padded, Reason.INVALID_SERVER_CERT)
                .hasMessageContaining("decodes to 37 bytes, too few for a certificate");
    }

    @Test
    void certificateLengthIsCountedInUtf8BytesLikeGo() {
        // 26 two-byte characters are 52 bytes: Go tries (and fails) to decode them.
        assertFails("1|1|unix|/s|grpc|" + "é".repeat(26), Reason.INVALID_SERVER_CERT)
                .hasMessageStartingWith("error parsing server cert (field 6, 26 characters");
    }

    @Test
    void parsesIpv6TcpAddress() throws HandshakeException {
        assertThat(parser.parse("1|1|tcp|[::1]:5000|grpc|").address()).isEqualTo("[::1]:5000");
    }

    @Test
    void fewerThanFourFieldsIsUnrecognized() {
        assertFails("  hello world  ", Reason.UNRECOGNIZED_MESSAGE)
                .hasMessageStartingWith("Unrecognized remote plugin message: hello world\n")
                .hasMessageContaining("found 1");
        assertFails("1|1|unix", Reason.UNRECOGNIZED_MESSAGE).hasMessageContaining("found 3");
        assertFails("", Reason.UNRECOGNIZED_MESSAGE).hasMessageStartingWith("Unrecognized remote plugin message: \n");
    }

    @Test
    void badCoreVersionIsNamed() {
        assertFails("x|1|unix|/s|grpc|", Reason.CORE_VERSION_INVALID)
                .hasMessage("error parsing core protocol version (field 1): parsing \"x\": invalid syntax");
        assertFails("99999999999999999999|1|unix|/s|grpc|", Reason.CORE_VERSION_INVALID)
                .hasMessageEndingWith("value out of range");
    }

    @Test
    void incompatibleCoreVersionUsesGoWording() {
        assertFails("2|1|unix|/s|grpc|", Reason.CORE_VERSION_INCOMPATIBLE)
                .hasMessageStartingWith("incompatible core API version with plugin. Plugin version: 2, Core version: 1")
                .hasMessageContaining("recompiled");
        assertFails("-1|1|unix|/s|grpc|", Reason.CORE_VERSION_INCOMPATIBLE)
                .hasMessageContaining("Plugin version: -1,");
    }

    @Test
    void badAppVersionIsNamed() {
        assertFails("1|v1|unix|/s|grpc|", Reason.APP_VERSION_INVALID)
                .hasMessage("Error parsing protocol version \"v1\" (field 2): invalid syntax");
        assertFails("1||unix|/s|grpc|", Reason.APP_VERSION_INVALID).hasMessageContaining("\"\"");
    }

    @Test
    void incompatibleAppVersionListsHostVersionsLikeGo() {
        HandshakeParser multi = HandshakeParser.forVersions(5, 3, 4);
        assertFails(multi, "1|7|unix|/s|grpc|", Reason.APP_VERSION_INCOMPATIBLE)
                .hasMessage("incompatible API version with plugin. Plugin version: 7, Client versions: [3 4 5]");
        assertFails(multi, "1|-3|unix|/s|grpc|", Reason.APP_VERSION_INCOMPATIBLE)
                .hasMessageContaining("Plugin version: -3,");
        assertFails(multi, "1|4294967299|unix|/s|grpc|", Reason.APP_VERSION_INCOMPATIBLE)
                .hasMessageContaining("Plugin version: 4294967299,");
    }

    @Test
    void unknownNetworkIsRejected() {
        assertFails("1|1|udp|127.0.0.1:5|grpc|", Reason.UNKNOWN_NETWORK)
                .hasMessageStartingWith("unknown address type: \"udp\" in field 3")
                .hasMessageContaining("127.0.0.1:5");
        assertFails("1|1|UNIX|/s|grpc|", Reason.UNKNOWN_NETWORK);
    }

    @Test
    void emptyUnixAddressIsRejected() {
        assertFails("1|1|unix||grpc|", Reason.INVALID_ADDRESS)
                .hasMessage("invalid unix address \"\" (field 4): the socket path is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", ":1234", "127.0.0.1:0", "127.0.0.1:65536", "host:http",
            "::1:5000", "[::1]", "[]:5", "[::1:5", "a]:5", "h:+80", "h:123456", "h: 80"})
    void invalidTcpAddressesAreRejected(String address) {
        assertFails("1|1|tcp|" + address + "|grpc|", Reason.INVALID_ADDRESS)
                .hasMessageStartingWith("invalid tcp address \"" + address + "\" (field 4): ");
    }

    @Test
    void controlCharactersInAddressAreRejected() {
        assertFails("1|1|unix|/tmp/a\u0000b|grpc|", Reason.INVALID_ADDRESS)
                .hasMessageContaining("control character")
                .hasMessageContaining("\\x00");
    }

    @Test
    void unsupportedProtocolUsesGoWording() {
        assertFails("1|1|unix|/s|netrpc|", Reason.UNSUPPORTED_PROTOCOL)
                .hasMessage("unsupported plugin protocol \"netrpc\". Supported: [grpc] (field 5)");
        assertFails("1|1|unix|/s", Reason.UNSUPPORTED_PROTOCOL)
                .hasMessage("unsupported plugin protocol \"netrpc\". Supported: [grpc]"
                        + " (field 5 is absent, which means netrpc)");
    }

    @Test
    void missingProtocolIsNetrpcWhenAllowed() throws HandshakeException {
        HandshakeParser both = HandshakeParser.builder(Set.of(1)).allowedProtocols(List.of("grpc", "netrpc")).build();
        assertThat(both.parse("1|1|unix|/s").protocol()).isEqualTo("netrpc");
        assertFails(both, "1|1|unix|/s|GRPC|", Reason.UNSUPPORTED_PROTOCOL)
                .hasMessageStartingWith("unsupported plugin protocol \"GRPC\". Supported: [grpc netrpc]");
    }

    @Test
    void undecodableCertificateIsRejected() {
        String bad = CERT_FIELD.substring(0, 60) + "-_" + CERT_FIELD.substring(62, 100);
        assertFails("1|1|unix|/s|grpc|" + bad, Reason.INVALID_SERVER_CERT)
                .hasMessageStartingWith("error parsing server cert (field 6, 100 characters \"")
                .hasMessageContaining("not standard base64");
        assertFails("1|1|unix|/s|grpc|" + "A".repeat(53), Reason.INVALID_SERVER_CERT);
    }

    @Test
    void multiplexFieldIsCheckedOnlyWhenRequested() throws HandshakeException {
        HandshakeParser mux = HandshakeParser.builder(Set.of(1)).multiplexRequested(true).build();
        assertThat(mux.parse("1|1|unix|/s|grpc||true").multiplexSupported()).contains(true);
        assertThat(mux.parse("1|1|unix|/s|grpc||T|ignored").multiplexSupported()).contains(true);
        assertThat(parser.parse("1|1|unix|/s|grpc||garbage").multiplexSupported()).isEmpty();
    }

    @Test
    void missingMultiplexFieldIsNotSupported() {
        HandshakeParser mux = HandshakeParser.builder(Set.of(1)).multiplexRequested(true).build();
        assertFails(mux, "1|1|unix|/s|grpc|", Reason.MULTIPLEX_NOT_SUPPORTED)
                .hasMessageStartingWith(
                        "client requested gRPC broker multiplexing but plugin does not support the feature")
                .hasMessageContaining("no field 7");
        assertFails(mux, "1|1|unix|/s|grpc||false", Reason.MULTIPLEX_NOT_SUPPORTED)
                .hasMessageEndingWith("(field 7 is \"false\")");
    }

    @Test
    void unparsableMultiplexFieldIsRejected() {
        HandshakeParser mux = HandshakeParser.builder(Set.of(1)).multiplexRequested(true).build();
        assertFails(mux, "1|1|unix|/s|grpc||yes", Reason.INVALID_MULTIPLEX_FIELD)
                .hasMessage("error parsing \"yes\" as a boolean for gRPC broker multiplexing support (field 7)");
    }

    @Test
    void multiplexIsIgnoredForNetrpcPlugins() throws HandshakeException {
        HandshakeParser mux = HandshakeParser.builder(Set.of(1)).allowedProtocols(List.of("netrpc"))
                .multiplexRequested(true).build();
        assertThat(mux.parse("1|1|unix|/s|netrpc|").multiplexSupported()).isEmpty();
    }

    @Test
    void checksRunInGoOrder() {
        // Both the core version and everything after it are wrong: the first check wins.
        assertFails("9|x|udp||nope|!!", Reason.CORE_VERSION_INCOMPATIBLE);
        assertFails("1|x|udp||nope|!!", Reason.APP_VERSION_INVALID);
        assertFails("1|1|udp||nope|!!", Reason.UNKNOWN_NETWORK);
        assertFails("1|1|unix|/s|nope|" + "!".repeat(60), Reason.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void exceptionCarriesFieldAndRawValue() {
        assertFails("1|1|tcp|no-port|grpc|", Reason.INVALID_ADDRESS).satisfies(e -> {
            HandshakeException h = (HandshakeException) e;
            assertThat(h.field()).isEqualTo(4);
            assertThat(h.value()).contains("no-port");
        });
    }

    @Test
    void longJunkIsShortenedInMessages() {
        String junk = "j".repeat(10_000);
        assertFails(junk, Reason.UNRECOGNIZED_MESSAGE).satisfies(e -> {
            assertThat(e.getMessage()).hasSizeLessThan(1_000).contains("more characters");
            assertThat(((HandshakeException) e).value()).contains(junk);
        });
    }

    @Test
    void builderValidatesHostExpectations() {
        assertThatThrownBy(() -> HandshakeParser.forVersions()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one app protocol version");
        assertThatThrownBy(() -> HandshakeParser.forVersions(1, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> HandshakeParser.builder(Set.of(1)).allowedProtocols(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one protocol");
        assertThatThrownBy(() -> HandshakeParser.builder(Set.of(1)).allowedProtocols(List.of("a|b")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a|b\"");
    }

    @Test
    void parserExposesItsConfiguration() {
        HandshakeParser configured = HandshakeParser.builder(List.of(3, 1, 3)).multiplexRequested(true).build();
        assertThat(configured.appVersions()).containsExactly(1, 3);
        assertThat(configured.allowedProtocols()).containsExactly("grpc");
        assertThat(configured.multiplexRequested()).isTrue();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertFails(String line, Reason reason) {
        return assertFails(parser, line, reason);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(HandshakeParser parser, String line,
            Reason reason) {
        return assertThatThrownBy(() -> parser.parse(line))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
