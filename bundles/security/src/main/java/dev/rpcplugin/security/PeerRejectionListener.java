package dev.rpcplugin.security;

/**
 * Told about every peer certificate a {@link TlsContexts} context refuses, on the handshake thread.
 * This is how a serving side learns why a client was turned away (the client only sees a TLS alert).
 * Implementations must be quick and must not throw; anything they throw is ignored.
 */
@FunctionalInterface
public interface PeerRejectionListener {
    /**
     * @param rejection the refusal, with the peer's role, the reason and the presented certificate
     */
    void peerRejected(PeerRejectedException rejection);
}
