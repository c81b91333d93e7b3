package dev.rpcplugin.transport.internal;

import dev.rpcplugin.transport.InvalidAddressException;

/**
 * A TCP address split into host and port, with the rules of Go's {@code net.SplitHostPort}: the
 * port follows the last colon, and an IPv6 host must be written in brackets.
 *
 * @param host the host without brackets, never empty
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    /**
     * @param address {@code host:port} or {@code [ipv6]:port}
     * @return the parsed address
     * @throws InvalidAddressException naming the address and what is wrong with it
     */
    public static HostPort parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw malformed(address, "missing port");
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw malformed(address, "unbalanced brackets around the host");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw malformed(address, "an IPv6 host must be written in brackets, e.g. [::1]:1234");
        } else if (host.contains("[") || host.contains("]")) {
            throw malformed(address, "unbalanced brackets around the host");
        }
        if (host.isEmpty()) {
            throw malformed(address, "missing host");
        }
        return new HostPort(host, parsePort(address, port));
    }

    /** @return {@code host:port}, with brackets around an IPv6 host */
    public String format() {
        return format(host, port);
    }

    /**
     * @param host a host name or IP literal, without brackets
     * @param port the port
     * @return {@code host:port}, with brackets around a host that contains a colon (IPv6)
     */
    public static String format(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static int parsePort(String address, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(address, "port '" + port + "' is not a number");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw malformed(address, "port " + value + " is outside 1..65535");
        }
        return value;
    }

    private static InvalidAddressException malformed(String address, String why) {
        return new InvalidAddressException("malformed tcp address '" + address + "': " + why
                + " (expected host:port or [ipv6]:port)");
    }
}
