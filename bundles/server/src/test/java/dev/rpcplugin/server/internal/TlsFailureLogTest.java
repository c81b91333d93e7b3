package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.server.LogLevel;
import dev.rpcplugin.server.PluginLogger;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class TlsFailureLogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final TlsFailureLog failures = new TlsFailureLog(PluginLogger.writingTo(out, LogLevel.TRACE));
    /** Held so that JUL keeps the logger (and what the test sets on it) for the test's length. */
    private final Logger negotiation = Logger.getLogger(TlsFailureLog.NEGOTIATION_LOGGER);

    @Test
    void grpcsFineFailureRecordBecomesOneWarnLineAndIsNotPassedOn() {
        failures.install();
        try {
            LogRecord record = new LogRecord(Level.FINE, "TLS negotiation failed for new client.\nSSLEngine Details: [...]");

            assertThat(failures.isLoggable(record)).isFalse();
            String written = out.toString(StandardCharsets.UTF_8);
            assertThat(written.lines()).singleElement().asString()
                    .contains("\"@level\":\"warn\"", "TLS handshake with a host failed", TlsFailureLog.OTHER_CAUSES)
                    .doesNotContain("SSLEngine Details");
        } finally {
            failures.uninstall();
        }
    }

    @Test
    void aFailureTheTrustManagerAlreadyReportedIsNotReportedAgain() {
        failures.install();
        try {
            failures.peerRejected(new dev.rpcplugin.security.PeerRejectedException(
                    dev.rpcplugin.security.PeerRejectedException.PeerRole.CLIENT,
                    dev.rpcplugin.security.PeerRejectedException.Reason.NOT_PINNED, null, "not the pinned one"));

            assertThat(failures.isLoggable(new LogRecord(Level.FINE, "TLS negotiation failed for new client."))).isFalse();
            assertThat(out.size()).isZero();
            assertThat(failures.isLoggable(new LogRecord(Level.FINE, "TLS negotiation failed for new client."))).isFalse();
            assertThat(out.toString(StandardCharsets.UTF_8).lines()).as("the next failure is a new one").hasSize(1);
        } finally {
            failures.uninstall();
        }
    }

    @Test
    void otherRecordsPassAsTheLoggersLevelBeforeWouldHaveLetThem() {
        Level before = negotiation.getLevel();
        failures.install();
        try {
            assertThat(negotiation.isLoggable(Level.FINE)).as("failures are reported at FINE").isTrue();
            assertThat(failures.isLoggable(new LogRecord(Level.FINE, "something else"))).isFalse();
            assertThat(failures.isLoggable(new LogRecord(Level.WARNING, "something else"))).isTrue();
            assertThat(out.size()).isZero();
        } finally {
            failures.uninstall();
        }
        assertThat(negotiation.getLevel()).isEqualTo(before);
        assertThat(negotiation.getFilter()).isNull();
    }
}
