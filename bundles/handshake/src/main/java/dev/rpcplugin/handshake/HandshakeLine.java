package dev.rpcplugin.handshake;

import dev.rpcplugin.handshake.internal.AddressCheck;
import dev.rpcplugin.handshake.internal.GoText;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The handshake line a plugin prints on stdout, as an immutable value:
 * {@code CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVERCERT[|MULTIPLEX]}.
 *
 * <p>Hosts get one from {@link HandshakeParser#parse}; plugins build one with
 * {@link #builder(int, Network, String)} and print {@link #format()} followed by {@code \n}.
 * Byte arrays are copied on the way in and out.
 */
public final class HandshakeLine {

    /** go-plugin's core protocol version, unchanged since 2016. */
    public static final int CORE_PROTOCOL_VERSION = 1;
    /** The gRPC protocol name (field 5). */
    public static final String PROTOCOL_GRPC = "grpc";
    /** go-plugin's legacy net/rpc protocol name, assumed by hosts when field 5 is absent. */
    public static final String PROTOCOL_NETRPC = "netrpc";
    /** go-plugin hosts ignore a field 6 of up to this many characters (junk from old plugins). */
    public static final int IGNORED_CERT_FIELD_LENGTH = 50;

    // Smallest DER whose unpadded base64 is longer than IGNORED_CERT_FIELD_LENGTH characters.
    static final int MIN_CERT_BYTES = 38;

    private final int appVersion;
    private final Network network;
    private final String address;
    private final String protocol;
    private final byte[] serverCertificate;
    private final Boolean multiplexSupported;

    // Callers pass validated values and an array nobody else holds.
    HandshakeLine(int appVersion, Network network, String address, String protocol,
            byte[] serverCertificate, Boolean multiplexSupported) {
        this.appVersion = appVersion;
        this.network = network;
        this.address = address;
        this.protocol = protocol;
        this.serverCertificate = serverCertificate;
        this.multiplexSupported = multiplexSupported;
    }

    /**
     * Starts a line for a plugin that listens on {@code address}; the protocol defaults to
     * {@code grpc}.
     *
     * @param appVersion the negotiated app protocol version (see {@link NegotiatedVersion})
     * @param network where the plugin listens
     * @param address a socket path, or {@code host:port}
     * @return a builder
     */
    public static Builder builder(int appVersion, Network network, String address) {
        return new Builder(appVersion, network, address);
    }

    /** Always {@link #CORE_PROTOCOL_VERSION}: other values are rejected when parsing. */
    public int coreVersion() {
        return CORE_PROTOCOL_VERSION;
    }

    /** The app protocol version (field 2). */
    public int appVersion() {
        return appVersion;
    }

    /** The network (field 3). */
    public Network network() {
        return network;
    }

    /** The socket path or {@code host:port} (field 4). */
    public String address() {
        return address;
    }

    /** The RPC protocol (field 5), normally {@code grpc}. */
    public String protocol() {
        return protocol;
    }

    /** The plugin's AutoMTLS certificate, DER encoded (field 6), as a fresh copy. */
    public Optional<byte[]> serverCertificate() {
        return serverCertificate == null ? Optional.empty() : Optional.of(serverCertificate.clone());
    }

    /**
     * Field 7. When parsing it is present (and {@code true}) only if the host requested
     * multiplexing; when formatting, field 7 is printed exactly when this is present.
     */
    public Optional<Boolean> multiplexSupported() {
        return Optional.ofNullable(multiplexSupported);
    }

    /**
     * The line as a Go plugin prints it, without the trailing newline: always six fields (an empty
     * sixth field, hence a trailing {@code |}, when there is no certificate), the certificate in
     * standard base64 without padding, and field 7 only when {@link #multiplexSupported()} is
     * present. Example: {@code 1|1|unix|/tmp/run/plugin2394929427|grpc|}.
     */
    public String format() {
        StringBuilder line = new StringBuilder(64 + (serverCertificate == null ? 0 : serverCertificate.length * 4 / 3));
        line.append(CORE_PROTOCOL_VERSION).append('|').append(appVersion).append('|')
                .append(network.wireName()).append('|').append(address).append('|')
                .append(protocol).append('|');
        if (serverCertificate != null) {
            line.append(Base64.getEncoder().withoutPadding().encodeToString(serverCertificate));
        }
        if (multiplexSupported != null) {
            line.append('|').append(multiplexSupported);
        }
        return line.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HandshakeLine that
                && appVersion == that.appVersion
                && network == that.network
                && address.equals(that.address)
                && protocol.equals(that.protocol)
                && Arrays.equals(serverCertificate, that.serverCertificate)
                && Objects.equals(multiplexSupported, that.multiplexSupported);
    }

    @Override
    public int hashCode() {
        return Objects.hash(appVersion, network, address, protocol, Arrays.hashCode(serverCertificate),
                multiplexSupported);
    }

    @Override
    public String toString() {
        return "HandshakeLine[core=" + CORE_PROTOCOL_VERSION + ", app=" + appVersion + ", network="
                + network.wireName() + ", address=" + address + ", protocol=" + protocol
                + ", serverCertificate=" + (serverCertificate == null ? "none" : serverCertificate.length + " bytes")
                + ", multiplex=" + (multiplexSupported == null ? "not negotiated" : multiplexSupported) + "]";
    }

    /** Collects the parts of a line a plugin is about to print. */
    public static final class Builder {
        private final int appVersion;
        private final Network network;
        private final String address;
        private String protocol = PROTOCOL_GRPC;
        private byte[] serverCertificate;
        private Boolean multiplexSupported;

        private Builder(int appVersion, Network network, String address) {
            this.appVersion = appVersion;
            this.network = Objects.requireNonNull(network, "network");
            this.address = Objects.requireNonNull(address, "address");
        }

        /** The RPC protocol for field 5; default {@code grpc}. */
        public Builder protocol(String protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * The plugin's AutoMTLS certificate (DER) for field 6; {@code null} for none.
         * The array is copied.
         */
        public Builder serverCertificate(byte[] der) {
            this.serverCertificate = der == null ? null : der.clone();
            return this;
        }

        /**
         * Adds field 7. Call this only when the host asked for multiplexing
         * ({@link PluginEnvironment#expectsMultiplexField()}): hosts older than go-plugin 1.6 break
         * on a seventh field.
         *
         * @param supported whether this plugin can serve the host over a multiplexed connection
         */
        public Builder multiplexSupported(boolean supported) {
            this.multiplexSupported = supported;
            return this;
        }

        /**
         * Validates and builds the line.
         *
         * @throws IllegalArgumentException naming the bad part: negative version, bad address for the
         *     network, protocol that is empty or contains {@code |} or spaces, or a certificate too
         *     short to be sent (hosts ignore field 6 of up to 50 characters)
         */
        public HandshakeLine build() {
            if (appVersion < 0) {
                throw new IllegalArgumentException("app protocol version must not be negative: " + appVersion);
            }
            String addressProblem = AddressCheck.problem(network, address);
            if (addressProblem != null) {
                throw new IllegalArgumentException("invalid " + network.wireName() + " address \"" + address
                        + "\": " + addressProblem);
            }
            if (protocol.isEmpty() || protocol.indexOf('|') >= 0 || GoText.hasControlCharacter(protocol)
                    || protocol.codePoints().anyMatch(GoText::isSpace)) {
                throw new IllegalArgumentException("invalid protocol name \"" + protocol
                        + "\": must be a non-empty word without '|' or spaces");
            }
            if (serverCertificate != null && serverCertificate.length < MIN_CERT_BYTES) {
                throw new IllegalArgumentException("server certificate of " + serverCertificate.length
                        + " bytes is too short to be a certificate (hosts ignore field 6 of up to "
                        + IGNORED_CERT_FIELD_LENGTH + " characters)");
            }
            return new HandshakeLine(appVersion, network, address, protocol,
                    serverCertificate == null ? null : serverCertificate.clone(), multiplexSupported);
        }
    }
}
