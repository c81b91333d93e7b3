package dev.rpcplugin.security.internal;

import dev.rpcplugin.security.PeerRejectedException;
import dev.rpcplugin.security.PeerRejectedException.PeerRole;
import dev.rpcplugin.security.PeerRejectedException.Reason;
import dev.rpcplugin.security.PeerRejectionListener;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one pinned certificate, as go-plugin does with a one-certificate pool: the peer's
 * leaf must equal it byte for byte, be within its validity, allow its role by extended key usage, and,
 * when the peer is a server, name DNS {@code localhost}. Extending {@link X509ExtendedTrustManager}
 * keeps JSSE from adding its own checks (a hostname check against the dialled address, say).
 */
public final class PinnedPeerTrustManager extends X509ExtendedTrustManager {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int SAN_DNS_NAME = 2;
    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final X509Certificate pinned;
    private final byte[] pinnedDer;
    private final String peerLabel;
    private final String requiredHostName;
    private final PeerRejectionListener listener;

    /**
     * @param pinned           the only certificate accepted
     * @param peerLabel        what the peer is called in messages, e.g. {@code plugin}
     * @param requiredHostName the DNS name a server certificate must carry, e.g. {@code localhost}
     * @param listener         told about every refusal
     */
    public PinnedPeerTrustManager(X509Certificate pinned, String peerLabel, String requiredHostName,
            PeerRejectionListener listener) {
        this.pinned = pinned;
        this.pinnedDer = encodedOrEmpty(pinned);
        if (pinnedDer.length == 0) {
            throw new IllegalArgumentException("pinned certificate cannot be DER-encoded");
        }
        this.peerLabel = peerLabel;
        this.requiredHostName = requiredHostName;
        this.listener = listener;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws PeerRejectedException {
        check(chain, PeerRole.CLIENT);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws PeerRejectedException {
        check(chain, PeerRole.CLIENT);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws PeerRejectedException {
        check(chain, PeerRole.CLIENT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws PeerRejectedException {
        check(chain, PeerRole.SERVER);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws PeerRejectedException {
        check(chain, PeerRole.SERVER);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws PeerRejectedException {
        check(chain, PeerRole.SERVER);
    }

    /**
     * Names no acceptable issuers, so a serving side sends an empty list of certificate authorities:
     * Go clients then always offer their certificate, whoever issued it.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }

    private void check(X509Certificate[] chain, PeerRole role) throws PeerRejectedException {
        PeerRejectedException rejection = rejection(chain, role);
        if (rejection != null) {
            try {
                listener.peerRejected(rejection);
            } catch (RuntimeException ignored) {
                // a listener's failure must not turn a refusal into something else
            }
            throw rejection;
        }
    }

    private PeerRejectedException rejection(X509Certificate[] chain, PeerRole role) {
        String what = role.label() + " certificate";
        if (chain == null || chain.length == 0) {
            // JSSE refuses an empty chain before calling here (both roles); other callers may not
            return new PeerRejectedException(role, Reason.NO_CERTIFICATE, null, "the " + role.label()
                    + " presented no certificate; the pinned " + peerLabel + " certificate ("
                    + CertificateDescriptions.describe(pinned) + ") is required");
        }
        X509Certificate leaf = chain[0];
        byte[] leafDer = encodedOrEmpty(leaf);
        if (!MessageDigest.isEqual(leafDer, pinnedDer)) {
            return new PeerRejectedException(role, Reason.NOT_PINNED, leaf, what + " is not the pinned " + peerLabel
                    + " certificate (got " + CertificateDescriptions.describe(leaf) + "; pinned "
                    + CertificateDescriptions.describe(pinned) + ")");
        }
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return new PeerRejectedException(role, Reason.EXPIRED, leaf, what + " (the pinned " + peerLabel
                    + " certificate, " + CertificateDescriptions.describe(leaf) + ") expired at " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return new PeerRejectedException(role, Reason.NOT_YET_VALID, leaf, what + " (the pinned " + peerLabel
                    + " certificate, " + CertificateDescriptions.describe(leaf) + ") is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        String usage = role == PeerRole.SERVER ? SERVER_AUTH : CLIENT_AUTH;
        List<String> usages = extendedKeyUsages(leaf);
        if (usages != null && !usages.contains(usage) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            return new PeerRejectedException(role, Reason.WRONG_EXTENDED_KEY_USAGE, leaf, what + " ("
                    + CertificateDescriptions.describe(leaf) + ") lacks extended key usage "
                    + (role == PeerRole.SERVER ? "serverAuth" : "clientAuth") + " " + usage + " (has " + usages + ")");
        }
        if (role == PeerRole.SERVER) {
            List<String> names = dnsNames(leaf);
            if (names.stream().noneMatch(requiredHostName::equalsIgnoreCase)) {
                return new PeerRejectedException(role, Reason.NOT_VALID_FOR_LOCALHOST, leaf, what + " ("
                        + CertificateDescriptions.describe(leaf) + ") is not valid for " + requiredHostName
                        + " (DNS names " + names + ")");
            }
        }
        return null;
    }

    private static byte[] encodedOrEmpty(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            return new byte[0];
        }
    }

    /** Null means no extension, which Go reads as "any usage". */
    private static List<String> extendedKeyUsages(X509Certificate certificate) {
        try {
            return certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
            if (alternativeNames != null) {
                for (List<?> name : alternativeNames) {
                    if (name.size() >= 2 && Integer.valueOf(SAN_DNS_NAME).equals(name.get(0))) {
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // unparsable names count as none
        }
        return names;
    }
}
