package dev.rpcplugin.security;

/**
 * Told about every peer certificate the trust manager of a {@link TlsContexts} context refuses, on
 * the handshake thread. This is how a serving side learns why a client's certificate was turned away
 * (the client only sees a TLS alert). A client that sends no certificate is not reported: the JDK's
 * TLS engine refuses it before the trust manager runs, and the serving side sees only the failed
 * handshake. Implementations must be quick and must not throw; anything they throw is ignored.
 */
@FunctionalInterface
public interface PeerRejectionListener {
    /**
     * @param rejection the refusal, with the peer's role, the reason and the presented certificate
     */
    void peerRejected(PeerRejectedException rejection);
}
