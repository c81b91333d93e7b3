package dev.rpcplugin.security.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Always offers the one identity, whatever certificate authorities the peer names: the peer pins our
 * certificate instead of following an issuer, and Go's servers list the pinned certificate's subject,
 * which a JDK key manager would otherwise match against our issuer. Only the key type must fit.
 */
public final class SingleIdentityKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "rpcplugin-identity";

    private final X509Certificate[] chain;
    private final PrivateKey privateKey;
    private final String keyType;

    /**
     * @param chain      the certificate first, then any intermediates
     * @param privateKey the certificate's key
     */
    public SingleIdentityKeyManager(X509Certificate[] chain, PrivateKey privateKey) {
        this.chain = chain.clone();
        this.privateKey = privateKey;
        // JSSE names EC key types "EC"; BouncyCastle's keys call themselves "ECDSA"
        this.keyType = "ECDSA".equals(privateKey.getAlgorithm()) ? "EC" : privateKey.getAlgorithm();
    }

    @Override
    public String[] getClientAliases(String type, Principal[] issuers) {
        return fits(type) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
        return chooseClient(types);
    }

    @Override
    public String chooseEngineClientAlias(String[] types, Principal[] issuers, SSLEngine engine) {
        return chooseClient(types);
    }

    @Override
    public String[] getServerAliases(String type, Principal[] issuers) {
        return getClientAliases(type, issuers);
    }

    @Override
    public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
        return fits(type) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
        return fits(type) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? privateKey : null;
    }

    private String chooseClient(String[] types) {
        if (types != null) {
            for (String type : types) {
                if (fits(type)) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    private boolean fits(String type) {
        return keyType.equals(type);
    }
}
