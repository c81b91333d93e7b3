package dev.rpcplugin.handshake;

import java.util.Optional;

/** The network a plugin listens on, as named in handshake field 3. */
public enum Network {
    /** A Unix domain socket; the address is the socket's path. */
    UNIX("unix"),
    /** TCP; the address is {@code host:port} (IPv6 hosts in brackets). */
    TCP("tcp");

    private final String wireName;

    Network(String wireName) {
        this.wireName = wireName;
    }

    /** The name printed in the handshake line: {@code unix} or {@code tcp}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The network with this exact (case-sensitive) handshake name.
     *
     * @param wireName the text of handshake field 3
     * @return the network, or empty for any other text
     */
    public static Optional<Network> fromWireName(String wireName) {
        for (Network network : values()) {
            if (network.wireName.equals(wireName)) {
                return Optional.of(network);
            }
        }
        return Optional.empty();
    }
}
