package dev.rpcplugin.security;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS peer's certificate was refused by a pinned-peer context of {@link TlsContexts}. Thrown from
 * the trust manager during the handshake, so it appears as the cause of the
 * {@code SSLHandshakeException} on the side that refused, and is passed to its
 * {@link PeerRejectionListener}.
 */
public final class PeerRejectedException extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** Which role the refused peer played in the TLS handshake. */
    public enum PeerRole {
        /** The peer was the TLS server (this side dialled). */
        SERVER,
        /** The peer was the TLS client (this side served). */
        CLIENT;

        /**
         * @return {@code server} or {@code client}, as used in messages
         */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why the peer was refused. */
    public enum Reason {
        /**
         * The trust manager was given no certificate. Never the outcome of a handshake of a
         * {@link TlsContexts} context: the JDK's TLS engine refuses a peer without a certificate
         * itself, on either side, before the trust manager runs. Only seen when the trust manager is
         * called with an empty chain in other ways, such as by another TLS provider.
         */
        NO_CERTIFICATE,
        /** The peer's certificate is not byte-for-byte the pinned one. */
        NOT_PINNED,
        /** The pinned certificate's validity has ended. */
        EXPIRED,
        /** The pinned certificate's validity has not started. */
        NOT_YET_VALID,
        /** The certificate's extended key usage does not allow its role (serverAuth or clientAuth). */
        WRONG_EXTENDED_KEY_USAGE,
        /** A server certificate does not name DNS {@code localhost} in its subject alternative names. */
        NOT_VALID_FOR_LOCALHOST
    }

    /** The refused peer's role. */
    private final PeerRole peerRole;
    /** Why it was refused. */
    private final Reason reason;
    private final transient X509Certificate presented;

    /**
     * @param peerRole  the refused peer's role
     * @param reason    why it was refused
     * @param presented the certificate it presented, or {@code null} if none
     * @param message   the full message, naming the problem and the certificates involved
     */
    public PeerRejectedException(PeerRole peerRole, Reason reason, X509Certificate presented, String message) {
        super(message);
        this.peerRole = Objects.requireNonNull(peerRole, "peerRole");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.presented = presented;
    }

    /**
     * @return the refused peer's role
     */
    public PeerRole peerRole() {
        return peerRole;
    }

    /**
     * @return why the peer was refused
     */
    public Reason reason() {
        return reason;
    }

    /**
     * @return the certificate the peer presented, if it presented one
     */
    public Optional<X509Certificate> presentedCertificate() {
        return Optional.ofNullable(presented);
    }
}
