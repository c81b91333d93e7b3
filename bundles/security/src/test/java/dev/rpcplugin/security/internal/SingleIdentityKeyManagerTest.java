package dev.rpcplugin.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.security.AutoMtlsCertificates;
import dev.rpcplugin.security.KeyType;
import dev.rpcplugin.security.TlsIdentity;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class SingleIdentityKeyManagerTest {
    private final TlsIdentity ec = AutoMtlsCertificates.generate(KeyType.EC_P256);
    private final SingleIdentityKeyManager manager =
            new SingleIdentityKeyManager(new X509Certificate[] {ec.certificate()}, ec.privateKey());

    @Test
    void offersItsIdentityWhateverIssuersThePeerNames() {
        X500Principal[] strangers = {new X500Principal("CN=someone else")};

        String alias = manager.chooseEngineClientAlias(new String[] {"RSA", "EC"}, strangers, null);

        assertThat(alias).isNotNull();
        assertThat(manager.chooseEngineServerAlias("EC", strangers, null)).isEqualTo(alias);
        assertThat(manager.chooseClientAlias(new String[] {"EC"}, null, null)).isEqualTo(alias);
        assertThat(manager.chooseServerAlias("EC", null, null)).isEqualTo(alias);
        assertThat(manager.getClientAliases("EC", strangers)).containsExactly(alias);
        assertThat(manager.getServerAliases("EC", null)).containsExactly(alias);
        assertThat(manager.getCertificateChain(alias)).containsExactly(ec.certificate());
        assertThat(manager.getPrivateKey(alias)).isSameAs(ec.privateKey());
    }

    @Test
    void offersNothingForOtherKeyTypesOrAliases() {
        assertThat(manager.chooseEngineClientAlias(new String[] {"RSA", "RSASSA-PSS"}, null, null)).isNull();
        assertThat(manager.chooseEngineClientAlias(null, null, null)).isNull();
        assertThat(manager.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(manager.getServerAliases("EdDSA", null)).isNull();
        assertThat(manager.getCertificateChain("other")).isNull();
        assertThat(manager.getPrivateKey("other")).isNull();
    }

    @Test
    void chainIsCopied() {
        String alias = manager.chooseEngineServerAlias("EC", null, null);
        manager.getCertificateChain(alias)[0] = null;

        assertThat(manager.getCertificateChain(alias)).containsExactly(ec.certificate());
    }
}
