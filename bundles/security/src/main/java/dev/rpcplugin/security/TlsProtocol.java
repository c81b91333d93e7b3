package dev.rpcplugin.security;

/** TLS protocol versions the contexts may enable. go-plugin requires at least TLS 1.2. */
public enum TlsProtocol {
    /** TLS 1.3, preferred whenever both sides offer it. */
    TLS_1_3("TLSv1.3"),
    /** TLS 1.2, the minimum go-plugin accepts. */
    TLS_1_2("TLSv1.2");

    private final String jsseName;

    TlsProtocol(String jsseName) {
        this.jsseName = jsseName;
    }

    /**
     * @return the JSSE protocol name, e.g. {@code TLSv1.3}
     */
    public String jsseName() {
        return jsseName;
    }
}
