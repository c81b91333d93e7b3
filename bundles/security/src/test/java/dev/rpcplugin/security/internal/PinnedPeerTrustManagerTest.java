package dev.rpcplugin.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.PeerRejectedException;
import dev.rpcplugin.security.PeerRejectedException.PeerRole;
import dev.rpcplugin.security.PeerRejectedException.Reason;
import dev.rpcplugin.security.TestCertificates;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class PinnedPeerTrustManagerTest {
    private final List<PeerRejectedException> rejections = new ArrayList<>();
    private final X509Certificate pinned = AutoMtlsCertificates.generate().certificate();

    @Test
    void acceptsThePinnedCertificateInBothRoles() {
        PinnedPeerTrustManager manager = manager(pinned);

        assertThatNoException().isThrownBy(() -> manager.checkServerTrusted(chain(pinned), "ECDHE_ECDSA"));
        assertThatNoException().isThrownBy(() -> manager.checkClientTrusted(chain(pinned), "EC"));
        assertThat(rejections).isEmpty();
    }

    @Test
    void refusesAnyOtherCertificateNamingBoth() {
        X509Certificate other = AutoMtlsCertificates.generate().certificate();

        PeerRejectedException rejection = catchThrowableOfType(PeerRejectedException.class,
                () -> manager(pinned).checkClientTrusted(chain(other, pinned), "EC"));

        assertThat(rejection).hasMessage("client certificate is not the pinned host certificate (got "
                + CertificateDescriptions.describe(other) + "; pinned " + CertificateDescriptions.describe(pinned) + ")");
        assertThat(rejection.reason()).isEqualTo(Reason.NOT_PINNED);
        assertThat(rejection.peerRole()).isEqualTo(PeerRole.CLIENT);
        assertThat(rejection.presentedCertificate()).contains(other);
        assertThat(rejections).containsExactly(rejection);
    }

    @Test
    void refusesAnEmptyChain() {
        PeerRejectedException rejection = catchThrowableOfType(PeerRejectedException.class,
                () -> manager(pinned).checkServerTrusted(new X509Certificate[0], "EC"));

        assertThat(rejection).hasMessageStartingWith("the server presented no certificate; the pinned host certificate");
        assertThat(rejection.reason()).isEqualTo(Reason.NO_CERTIFICATE);
        assertThat(rejection.presentedCertificate()).isEmpty();
    }

    @Test
    void refusesAnExpiredOrNotYetValidPinnedCertificate() throws Exception {
        X509Certificate expired = new TestCertificates()
                .validity(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)))
                .issue().certificate();
        X509Certificate future = new TestCertificates()
                .validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)))
                .issue().certificate();

        assertThat(catchThrowableOfType(PeerRejectedException.class,
                () -> manager(expired).checkServerTrusted(chain(expired), "EC")))
                .hasMessageContaining("server certificate (the pinned host certificate, subject")
                .hasMessageContaining(") expired at ")
                .extracting(PeerRejectedException::reason).isEqualTo(Reason.EXPIRED);
        assertThat(catchThrowableOfType(PeerRejectedException.class,
                () -> manager(future).checkClientTrusted(chain(future), "EC")))
                .hasMessageContaining(") is not valid before ")
                .extracting(PeerRejectedException::reason).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void checksExtendedKeyUsageForTheRole() throws Exception {
        X509Certificate clientOnly = new TestCertificates().extendedKeyUsages(KeyPurposeId.id_kp_clientAuth)
                .build().certificate();
        X509Certificate serverOnly = new TestCertificates().extendedKeyUsages(KeyPurposeId.id_kp_serverAuth)
                .build().certificate();

        assertThat(catchThrowableOfType(PeerRejectedException.class,
                () -> manager(clientOnly).checkServerTrusted(chain(clientOnly), "EC")))
                .hasMessageEndingWith("lacks extended key usage serverAuth 1.3.6.1.5.5.7.3.1 (has [1.3.6.1.5.5.7.3.2])")
                .extracting(PeerRejectedException::reason).isEqualTo(Reason.WRONG_EXTENDED_KEY_USAGE);
        assertThatNoException().isThrownBy(() -> manager(clientOnly).checkClientTrusted(chain(clientOnly), "EC"));
        assertThat(catchThrowableOfType(PeerRejectedException.class,
                () -> manager(serverOnly).checkClientTrusted(chain(serverOnly), "EC")))
                .hasMessageContaining("lacks extended key usage clientAuth");
    }

    @Test
    void noOrAnyExtendedKeyUsageAllowsBothRoles() throws Exception {
        X509Certificate none = new TestCertificates().extendedKeyUsages().build().certificate();
        X509Certificate any = new TestCertificates().extendedKeyUsages(KeyPurposeId.anyExtendedKeyUsage)
                .build().certificate();

        for (X509Certificate certificate : List.of(none, any)) {
            assertThatNoException().isThrownBy(() -> manager(certificate).checkServerTrusted(chain(certificate), "EC"));
            assertThatNoException().isThrownBy(() -> manager(certificate).checkClientTrusted(chain(certificate), "EC"));
        }
    }

    @Test
    void serverCertificateMustNameLocalhostButClientCertificateNeedNot() throws Exception {
        X509Certificate noNames = new TestCertificates().dnsNames().build().certificate();
        X509Certificate upperCase = new TestCertificates().dnsNames("example.org", "LOCALHOST").build().certificate();

        assertThat(catchThrowableOfType(PeerRejectedException.class,
                () -> manager(noNames).checkServerTrusted(chain(noNames), "EC")))
                .hasMessageEndingWith("is not valid for localhost (DNS names [])")
                .extracting(PeerRejectedException::reason).isEqualTo(Reason.NOT_VALID_FOR_LOCALHOST);
        assertThatNoException().isThrownBy(() -> manager(noNames).checkClientTrusted(chain(noNames), "EC"));
        assertThatNoException().isThrownBy(() -> manager(upperCase).checkServerTrusted(chain(upperCase), "EC"));
    }

    @Test
    void aFailingListenerDoesNotChangeTheRefusal() {
        PinnedPeerTrustManager manager = new PinnedPeerTrustManager(pinned, "plugin", "localhost", rejection -> {
            throw new IllegalStateException("listener broke");
        });
        X509Certificate other = AutoMtlsCertificates.generate().certificate();

        assertThat(catchThrowableOfType(PeerRejectedException.class,
                () -> manager.checkServerTrusted(chain(other), "EC")))
                .hasMessageStartingWith("server certificate is not the pinned plugin certificate");
    }

    @Test
    void namesNoAcceptedIssuersSoGoClientsAlwaysSendTheirCertificate() {
        assertThat(manager(pinned).getAcceptedIssuers()).isEmpty();
    }

    private PinnedPeerTrustManager manager(X509Certificate pinnedCertificate) {
        return new PinnedPeerTrustManager(pinnedCertificate, "host", "localhost", rejections::add);
    }

    private static X509Certificate[] chain(X509Certificate... certificates) {
        return certificates;
    }
}
