package dev.rpcplugin.transport;

/** The two network types of go-plugin's handshake line and broker messages. */
public enum Network {
    /** A Unix domain socket; the address is an absolute socket path. */
    UNIX("unix"),
    /** TCP; the address is {@code host:port} or {@code [ipv6]:port}. */
    TCP("tcp");

    private final String wireName;

    Network(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name as it appears on the wire: {@code unix} or {@code tcp} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName {@code unix} or {@code tcp}, exactly (go-plugin compares case-sensitively)
     * @return the matching network
     * @throws InvalidAddressException {@code unknown address type: X} for anything else
     */
    public static Network fromWireName(String wireName) {
        for (Network network : values()) {
            if (network.wireName.equals(wireName)) {
                return network;
            }
        }
        throw new InvalidAddressException("unknown address type: " + wireName);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
