package dev.rpcplugin.handshake;

import static dev.rpcplugin.handshake.internal.MessageText.quote;
import static dev.rpcplugin.handshake.internal.MessageText.visible;

import dev.rpcplugin.handshake.HandshakeException.Reason;
import dev.rpcplugin.handshake.internal.AddressCheck;
import dev.rpcplugin.handshake.internal.GoText;
import dev.rpcplugin.handshake.internal.ParsedInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Parses a plugin's handshake line on the host side, with go-plugin's exact tolerance and in
 * go-plugin's order of checks: surrounding whitespace trimmed, split on every {@code |}, at least
 * 4 fields, core version 1, app version among the host's, network {@code unix} or {@code tcp},
 * protocol among the allowed ones ({@code netrpc} when field 5 is absent), field 6 decoded only
 * when longer than 50 characters, field 7 checked only when the host requested multiplexing for a
 * gRPC plugin, later fields ignored.
 *
 * <p>Beyond go-plugin (which resolves addresses and would fail later when dialling), a Unix
 * address must be non-empty, a TCP address must be {@code host:port} with a port from 1 to 65535,
 * and addresses with control characters are refused. Padding on the certificate is accepted.
 * The certificate is only base64-decoded here, not parsed as X.509.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HandshakeParser {

    private final SortedSet<Integer> appVersions;
    private final List<String> allowedProtocols;
    private final boolean multiplexRequested;

    private HandshakeParser(Builder builder) {
        this.appVersions = AppVersions.checked(builder.appVersions, "the host");
        this.allowedProtocols = List.copyOf(builder.allowedProtocols);
        this.multiplexRequested = builder.multiplexRequested;
    }

    /**
     * A parser for a host that speaks these app protocol versions, allows only {@code grpc} and
     * did not request multiplexing.
     *
     * @throws IllegalArgumentException if no version is given or one is negative
     */
    public static HandshakeParser forVersions(int... appVersions) {
        return builder(Arrays.stream(appVersions).boxed().toList()).build();
    }

    /**
     * Starts a parser for a host that speaks these app protocol versions (the same versions it
     * sends in {@code PLUGIN_PROTOCOL_VERSIONS}).
     */
    public static Builder builder(Collection<Integer> appVersions) {
        return new Builder(appVersions);
    }

    /** The host's app protocol versions, ascending. */
    public SortedSet<Integer> appVersions() {
        return appVersions;
    }

    /** The protocols the host accepts in field 5. */
    public List<String> allowedProtocols() {
        return allowedProtocols;
    }

    /** Whether the host set {@code PLUGIN_MULTIPLEX_GRPC} and therefore checks field 7. */
    public boolean multiplexRequested() {
        return multiplexRequested;
    }

    /**
     * Parses one line as printed by a plugin (with or without its line terminator).
     *
     * @param line the line
     * @return the validated handshake
     * @throws HandshakeException naming the first field that is wrong, with go-plugin's wording
     */
    public HandshakeLine parse(String line) throws HandshakeException {
        String trimmed = GoText.trimSpace(Objects.requireNonNull(line, "line"));
        String[] parts = GoText.split(trimmed, '|');
        if (parts.length < 4) {
            throw new HandshakeException(Reason.UNRECOGNIZED_MESSAGE,
                    "Unrecognized remote plugin message: " + visible(trimmed)
                            + "\nThis usually means that the plugin is either invalid or printed something to"
                            + " stdout before its handshake line (expected at least 4 '|'-separated fields,"
                            + " found " + parts.length + ")", trimmed);
        }
        checkCoreVersion(parts[0]);
        int appVersion = checkAppVersion(parts[1]);
        Network network = checkNetwork(parts[2], parts[3]);
        String protocol = checkProtocol(parts.length >= 5 ? Optional.of(parts[4]) : Optional.empty());
        byte[] certificate = parts.length >= 6 ? decodeCertificate(parts[5]) : null;
        Boolean multiplex = multiplexRequested && HandshakeLine.PROTOCOL_GRPC.equals(protocol)
                ? checkMultiplex(parts) : null;
        return new HandshakeLine(appVersion, network, parts[3], protocol, certificate, multiplex);
    }

    private static void checkCoreVersion(String field) throws HandshakeException {
        ParsedInt core = GoText.atoi(field);
        if (!core.ok()) {
            throw new HandshakeException(Reason.CORE_VERSION_INVALID,
                    "error parsing core protocol version (field 1): parsing " + quote(field) + ": " + core.error(),
                    field);
        }
        if (core.value() != HandshakeLine.CORE_PROTOCOL_VERSION) {
            throw new HandshakeException(Reason.CORE_VERSION_INCOMPATIBLE,
                    "incompatible core API version with plugin. Plugin version: " + visible(field)
                            + ", Core version: " + HandshakeLine.CORE_PROTOCOL_VERSION
                            + "\n\nTo fix this, the plugin usually only needs to be recompiled.\n"
                            + "Please report this to the plugin author", field);
        }
    }

    private int checkAppVersion(String field) throws HandshakeException {
        ParsedInt version = GoText.atoi(field);
        if (!version.ok()) {
            throw new HandshakeException(Reason.APP_VERSION_INVALID,
                    "Error parsing protocol version " + quote(field) + " (field 2): " + version.error(), field);
        }
        // Host versions are non-negative ints, so a hit is always in int range.
        if (version.value() < 0 || version.value() > Integer.MAX_VALUE
                || !appVersions.contains((int) version.value())) {
            throw new HandshakeException(Reason.APP_VERSION_INCOMPATIBLE,
                    "incompatible API version with plugin. Plugin version: " + version.value()
                            + ", Client versions: " + goList(appVersions), field);
        }
        return (int) version.value();
    }

    private static Network checkNetwork(String networkField, String address) throws HandshakeException {
        Network network = Network.fromWireName(networkField).orElseThrow(() -> new HandshakeException(
                Reason.UNKNOWN_NETWORK, "unknown address type: " + quote(networkField)
                        + " in field 3 (expected \"unix\" or \"tcp\"; address " + quote(address) + ")",
                networkField));
        String problem = AddressCheck.problem(network, address);
        if (problem != null) {
            throw new HandshakeException(Reason.INVALID_ADDRESS, "invalid " + network.wireName() + " address "
                    + quote(address) + " (field 4): " + problem, address);
        }
        return network;
    }

    private String checkProtocol(Optional<String> field) throws HandshakeException {
        String protocol = field.orElse(HandshakeLine.PROTOCOL_NETRPC);
        if (!allowedProtocols.contains(protocol)) {
            throw new HandshakeException(Reason.UNSUPPORTED_PROTOCOL,
                    "unsupported plugin protocol " + quote(protocol) + ". Supported: " + goList(allowedProtocols)
                            + (field.isEmpty() ? " (field 5 is absent, which means netrpc)" : " (field 5)"),
                    protocol);
        }
        return protocol;
    }

    private static byte[] decodeCertificate(String field) throws HandshakeException {
        if (GoText.utf8Length(field) <= HandshakeLine.IGNORED_CERT_FIELD_LENGTH) {
            return null;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(field);
        } catch (IllegalArgumentException e) {
            throw new HandshakeException(Reason.INVALID_SERVER_CERT,
                    "error parsing server cert (field 6, " + field.length() + " characters " + quote(field)
                            + "): not standard base64: " + e.getMessage(), field, e);
        }
        // padding can make a field longer than 50 characters whose bytes no line could carry again
        if (der.length < HandshakeLine.MIN_CERT_BYTES) {
            throw new HandshakeException(Reason.INVALID_SERVER_CERT,
                    "error parsing server cert (field 6, " + field.length() + " characters " + quote(field)
                            + "): decodes to " + der.length + " bytes, too few for a certificate", field);
        }
        return der;
    }

    private static Boolean checkMultiplex(String[] parts) throws HandshakeException {
        if (parts.length <= 6) {
            throw new HandshakeException(Reason.MULTIPLEX_NOT_SUPPORTED,
                    "client requested gRPC broker multiplexing but plugin does not support the feature:"
                            + " the handshake line has no field 7; for Go plugins, you will need to update the"
                            + " github.com/hashicorp/go-plugin dependency and recompile", null);
        }
        Boolean supported = GoText.parseBool(parts[6]);
        if (supported == null) {
            throw new HandshakeException(Reason.INVALID_MULTIPLEX_FIELD, "error parsing " + quote(parts[6])
                    + " as a boolean for gRPC broker multiplexing support (field 7)", parts[6]);
        }
        if (!supported) {
            throw new HandshakeException(Reason.MULTIPLEX_NOT_SUPPORTED,
                    "client requested gRPC broker multiplexing but plugin does not support the feature"
                            + " (field 7 is " + quote(parts[6]) + ")", parts[6]);
        }
        return Boolean.TRUE;
    }

    // Go's %v rendering of a slice: [a b c].
    private static String goList(Collection<?> values) {
        StringBuilder out = new StringBuilder("[");
        for (Object value : values) {
            out.append(out.length() > 1 ? " " : "").append(value);
        }
        return out.append(']').toString();
    }

    /** Collects what the host expects from its plugins. */
    public static final class Builder {
        private final List<Integer> appVersions;
        private List<String> allowedProtocols = List.of(HandshakeLine.PROTOCOL_GRPC);
        private boolean multiplexRequested;

        private Builder(Collection<Integer> appVersions) {
            this.appVersions = new ArrayList<>(Objects.requireNonNull(appVersions, "appVersions"));
        }

        /**
         * The protocols accepted in field 5; default just {@code grpc}. (go-plugin's own default is
         * {@code netrpc} only, which no gRPC host wants.)
         */
        public Builder allowedProtocols(Collection<String> protocols) {
            this.allowedProtocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
            return this;
        }

        /** Whether the host set {@code PLUGIN_MULTIPLEX_GRPC}; default {@code false}. */
        public Builder multiplexRequested(boolean requested) {
            this.multiplexRequested = requested;
            return this;
        }

        /**
         * Builds the parser.
         *
         * @throws IllegalArgumentException if there is no version, a negative version, no protocol,
         *     or a protocol that is empty or contains {@code |} or whitespace
         */
        public HandshakeParser build() {
            if (allowedProtocols.isEmpty()) {
                throw new IllegalArgumentException("the host must allow at least one protocol");
            }
            for (String protocol : allowedProtocols) {
                if (protocol.isEmpty() || protocol.indexOf('|') >= 0 || !GoText.trimSpace(protocol).equals(protocol)) {
                    throw new IllegalArgumentException("invalid protocol name " + quote(protocol)
                            + ": must be non-empty, without '|' and surrounding whitespace");
                }
            }
            return new HandshakeParser(this);
        }
    }
}
