package dev.rpcplugin.protocol;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.PeerRejectedException;
import dev.rpcplugin.security.SecurityConfigException;
import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.security.TlsOptions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** AutoMTLS identities for both sides and the broker TLS each side builds from them. */
final class TestTls {

    final TlsIdentity hostIdentity = AutoMtlsCertificates.generate();
    final TlsIdentity pluginIdentity = AutoMtlsCertificates.generate();
    final List<PeerRejectedException> rejections = new CopyOnWriteArrayList<>();

    /** The host's pair: its own identity, the plugin's certificate pinned. */
    BrokerTls host() throws SecurityConfigException {
        return tls(hostIdentity, pluginIdentity.certificate(), "plugin");
    }

    /** The plugin's pair: its own identity, the host's certificate pinned. */
    BrokerTls plugin() throws SecurityConfigException {
        return tls(pluginIdentity, hostIdentity.certificate(), "host");
    }

    BrokerTls tls(TlsIdentity own, X509Certificate peer, String peerLabel) throws SecurityConfigException {
        return BrokerTls.of(own, peer, TlsOptions.defaults().withPeerLabel(peerLabel)
                .withRejectionListener(rejections::add));
    }
}
