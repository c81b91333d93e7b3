package dev.rpcplugin.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.handshake.HandshakeException.Reason;
import org.junit.jupiter.api.Test;

class HandshakeExceptionTest {

    @Test
    void diagnosticsAreAppendedOnANewLineKeepingReasonAndValue() {
        HandshakeException original = new HandshakeException(Reason.NO_HANDSHAKE_LINE,
                "Unrecognized remote plugin message: ", "");
        HandshakeException extended = original.withDiagnostics("exit status 3; stderr: missing libfoo.so");
        assertThat(extended.getMessage())
                .isEqualTo("Unrecognized remote plugin message: \nexit status 3; stderr: missing libfoo.so");
        assertThat(extended.reason()).isEqualTo(Reason.NO_HANDSHAKE_LINE);
        assertThat(extended.value()).contains("");
        assertThat(extended.getCause()).isSameAs(original);
        assertThat(original.withDiagnostics(" ")).isSameAs(original);
        assertThat(original.withDiagnostics(null)).isSameAs(original);
    }

    @Test
    void reasonsNameTheirField() {
        assertThat(Reason.CORE_VERSION_INVALID.field()).isEqualTo(1);
        assertThat(Reason.APP_VERSION_INCOMPATIBLE.field()).isEqualTo(2);
        assertThat(Reason.UNKNOWN_NETWORK.field()).isEqualTo(3);
        assertThat(Reason.INVALID_ADDRESS.field()).isEqualTo(4);
        assertThat(Reason.UNSUPPORTED_PROTOCOL.field()).isEqualTo(5);
        assertThat(Reason.INVALID_SERVER_CERT.field()).isEqualTo(6);
        assertThat(Reason.INVALID_MULTIPLEX_FIELD.field()).isEqualTo(7);
        assertThat(Reason.TIMEOUT.field()).isZero();
        assertThat(new HandshakeException(Reason.TIMEOUT, "t", null).value()).isEmpty();
    }
}
