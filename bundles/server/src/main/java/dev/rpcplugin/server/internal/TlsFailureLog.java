package dev.rpcplugin.server.internal;

import dev.rpcplugin.security.PeerRejectedException;
import dev.rpcplugin.security.PeerRejectionListener;
import dev.rpcplugin.server.PluginLogger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Makes a TLS plugin report every connection whose TLS handshake failed with one hclog WARN line.
 * Certificates its trust manager refuses are reported by the trust manager itself (naming both
 * certificates); what the JDK refuses before that (no client certificate, no TLS at all, no common
 * version or cipher) and alerts from the host were not reported at all: grpc-java logs them only at
 * FINE, without their cause and with a long dump of the engine's settings, which this replaces.
 */
public final class TlsFailureLog implements Filter, PeerRejectionListener {

    /** The JUL logger of grpc-java's (shaded) TLS negotiation. */
    static final String NEGOTIATION_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.ProtocolNegotiators";
    private static final String FAILURE_PREFIX = "TLS negotiation failed";
    /** What else makes a handshake fail when the trust manager refused nothing. */
    static final String OTHER_CAUSES = "the host sent no client certificate, did not speak TLS, offered no common"
            + " TLS version or cipher, or refused this plugin's certificate";

    private final PluginLogger log;
    /** The trust manager's latest refusal, already logged; taken by the failure it caused. */
    private final AtomicReference<PeerRejectedException> lastRejection = new AtomicReference<>();
    /** Held for the run: JUL keeps loggers only weakly, and with them their level and filter. */
    private final Logger negotiation;
    private final Level previousLevel;
    private final Filter previousFilter;

    /**
     * @param log where the warnings go
     */
    public TlsFailureLog(PluginLogger log) {
        this.log = log;
        this.negotiation = Logger.getLogger(NEGOTIATION_LOGGER);
        this.previousLevel = negotiation.getLevel();
        this.previousFilter = negotiation.getFilter();
    }

    /** Starts reporting handshake failures; {@link #uninstall()} at the end of the run. */
    public void install() {
        negotiation.setFilter(this);
        negotiation.setLevel(Level.FINE);
    }

    @Override
    public void peerRejected(PeerRejectedException rejection) {
        // only what this plugin refused while serving; its dials to the host's broker fail on its side
        if (rejection.peerRole() == PeerRejectedException.PeerRole.CLIENT) {
            lastRejection.set(rejection);
        }
    }

    /** Puts the logger back as it was. */
    public void uninstall() {
        negotiation.setFilter(previousFilter);
        negotiation.setLevel(previousLevel);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message != null && message.startsWith(FAILURE_PREFIX)) {
            if (lastRejection.getAndSet(null) == null) {
                log.warn("TLS handshake with a host failed", "error", OTHER_CAUSES);
            }
            return false;
        }
        // everything else as the level before would have let it through
        Level threshold = previousLevel != null ? previousLevel : parentLevel();
        return record.getLevel().intValue() >= threshold.intValue()
                && (previousFilter == null || previousFilter.isLoggable(record));
    }

    private Level parentLevel() {
        for (Logger parent = negotiation.getParent(); parent != null; parent = parent.getParent()) {
            if (parent.getLevel() != null) {
                return parent.getLevel();
            }
        }
        return Level.INFO;
    }
}
