package dev.rpcplugin.handshake.internal;

import dev.rpcplugin.handshake.Network;

/**
 * Syntax checks for handshake addresses. Nothing is resolved or dialled: a Unix address must be a
 * non-empty path, a TCP address {@code host:port} (or {@code [ipv6]:port}) with a port from 1 to
 * 65535. Control characters and {@code |} are refused everywhere because they cannot survive the
 * line protocol.
 */
public final class AddressCheck {

    private AddressCheck() {
    }

    /**
     * Finds what is wrong with an address.
     *
     * @return a short description of the problem, or {@code null} when the address is usable
     */
    public static String problem(Network network, String address) {
        if (address.isEmpty()) {
            return network == Network.UNIX ? "the socket path is empty" : "the address is empty";
        }
        if (GoText.hasControlCharacter(address)) {
            return "it contains a control character";
        }
        if (address.indexOf('|') >= 0) {
            return "it contains '|'";
        }
        return network == Network.TCP ? tcpProblem(address) : null;
    }

    private static String tcpProblem(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return "expected host:port, found no port";
        }
        String host = address.substring(0, colon);
        String hostProblem = host.startsWith("[") ? bracketedHostProblem(host) : plainHostProblem(host);
        return hostProblem != null ? hostProblem : portProblem(address.substring(colon + 1));
    }

    private static String bracketedHostProblem(String host) {
        if (host.length() < 3 || !host.endsWith("]")) {
            return "expected [ipv6]:port";
        }
        String inner = host.substring(1, host.length() - 1);
        return inner.indexOf('[') >= 0 || inner.indexOf(']') >= 0 ? "expected [ipv6]:port" : null;
    }

    private static String plainHostProblem(String host) {
        if (host.isEmpty()) {
            return "expected host:port, found no host";
        }
        if (host.indexOf(':') >= 0) {
            return "too many colons; IPv6 hosts must be written [ipv6]:port";
        }
        if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            return "unexpected bracket in host";
        }
        return null;
    }

    private static String portProblem(String port) {
        boolean digits = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
        int value = digits ? Integer.parseInt(port) : -1;
        return value >= 1 && value <= 65535 ? null : "the port must be a number from 1 to 65535";
    }
}
