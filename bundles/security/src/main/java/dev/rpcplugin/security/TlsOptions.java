package dev.rpcplugin.security;

import java.util.List;
import java.util.Objects;

/**
 * Settings of the TLS contexts made by {@link TlsContexts}. Immutable; each {@code with} method
 * returns a changed copy. Defaults: protocols TLS 1.3 then TLS 1.2, peer label {@code peer},
 * rejections logged as warnings to the {@code System.Logger} {@code dev.rpcplugin.security.TlsContexts}.
 */
public final class TlsOptions {
    private static final System.Logger LOG = System.getLogger(TlsContexts.class.getName());
    private static final PeerRejectionListener LOG_REJECTION =
            rejection -> LOG.log(System.Logger.Level.WARNING, rejection.getMessage());
    private static final TlsOptions DEFAULTS =
            new TlsOptions(List.of(TlsProtocol.TLS_1_3, TlsProtocol.TLS_1_2), "peer", LOG_REJECTION);

    private final List<TlsProtocol> protocols;
    private final String peerLabel;
    private final PeerRejectionListener rejectionListener;

    private TlsOptions(List<TlsProtocol> protocols, String peerLabel, PeerRejectionListener rejectionListener) {
        this.protocols = protocols;
        this.peerLabel = peerLabel;
        this.rejectionListener = rejectionListener;
    }

    /**
     * @return the default options
     */
    public static TlsOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param enabled the protocol versions to enable, at least one; order does not matter, the
     *                highest both sides support is negotiated
     * @return a copy with these protocols
     * @throws IllegalArgumentException if none is given
     */
    public TlsOptions withProtocols(TlsProtocol... enabled) {
        List<TlsProtocol> list = List.of(enabled).stream().distinct().sorted().toList();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS protocol must be enabled");
        }
        return new TlsOptions(list, peerLabel, rejectionListener);
    }

    /**
     * @param label what the pinned peer is called in messages, e.g. {@code plugin} or {@code host}
     * @return a copy with this label
     * @throws IllegalArgumentException if the label is blank
     */
    public TlsOptions withPeerLabel(String label) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("peer label must not be blank");
        }
        return new TlsOptions(protocols, label, rejectionListener);
    }

    /**
     * @param listener told about every refused peer certificate, instead of the default warning log
     * @return a copy with this listener
     */
    public TlsOptions withRejectionListener(PeerRejectionListener listener) {
        return new TlsOptions(protocols, peerLabel, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @return the enabled protocols, highest first
     */
    public List<TlsProtocol> protocols() {
        return protocols;
    }

    /**
     * @return what the pinned peer is called in messages
     */
    public String peerLabel() {
        return peerLabel;
    }

    /**
     * @return the listener told about refused peers
     */
    public PeerRejectionListener rejectionListener() {
        return rejectionListener;
    }
}
