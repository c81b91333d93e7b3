package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.HostPort;
import dev.rpcplugin.transport.internal.UnixSocketPaths;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a plugin's gRPC server listens: network and address exactly as they appear in fields 3 and 4
 * of the handshake line and in broker {@code ConnInfo} messages. Validated on creation.
 *
 * @param network {@link Network#UNIX} or {@link Network#TCP}
 * @param address for Unix an absolute socket path of at most 107 bytes; for TCP {@code host:port} or
 *                {@code [ipv6]:port} with a port of 1..65535
 */
public record PluginAddress(Network network, String address) {

    /**
     * @param network {@link Network#UNIX} or {@link Network#TCP}
     * @param address the address for that network
     * @throws InvalidAddressException when the address does not suit the network
     */
    public PluginAddress {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(address, "address");
        if (network == Network.UNIX) {
            checkUnixPath(address);
        } else {
            HostPort.parse(address);
        }
    }

    /**
     * Reads network and address as they come from a handshake line or broker message.
     *
     * @param network {@code unix} or {@code tcp}
     * @param address the address for that network
     * @return the validated address
     * @throws InvalidAddressException {@code unknown address type: X} for another network, or a
     *         message naming the malformed address
     */
    public static PluginAddress of(String network, String address) {
        return new PluginAddress(Network.fromWireName(network), address);
    }

    /**
     * @param socket the socket file; made absolute
     * @return a Unix address
     * @throws InvalidAddressException when the absolute path is too long
     */
    public static PluginAddress unix(Path socket) {
        return new PluginAddress(Network.UNIX, socket.toAbsolutePath().toString());
    }

    /**
     * @param host host name or IP literal, IPv6 without brackets
     * @param port 1..65535
     * @return a TCP address written as {@code host:port} or {@code [ipv6]:port}
     * @throws InvalidAddressException when host or port is unusable
     */
    public static PluginAddress tcp(String host, int port) {
        return new PluginAddress(Network.TCP, HostPort.format(host, port));
    }

    /** @return {@code network|address}, the way the two fields sit in a handshake line */
    @Override
    public String toString() {
        return network.wireName() + "|" + address;
    }

    private static void checkUnixPath(String path) {
        if (path.isEmpty()) {
            throw new InvalidAddressException("unix socket address is empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new InvalidAddressException("unix socket path contains a NUL character: " + path);
        }
        if (!path.startsWith("/")) {
            throw new InvalidAddressException("unix socket path is not absolute: " + path);
        }
        if (!UnixSocketPaths.fits(path)) {
            throw new InvalidAddressException("unix socket path " + path + " is "
                    + UnixSocketPaths.byteLength(path) + " bytes of UTF-8, longer than the limit of "
                    + UnixSocketPaths.MAX_PATH_BYTES + " bytes");
        }
    }
}
