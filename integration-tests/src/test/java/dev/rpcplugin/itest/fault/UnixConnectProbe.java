package dev.rpcplugin.itest.fault;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A connect attempt to a Unix socket, run as its own process (under another user by the socket
 * permission test): prints {@code connected} and exits 0, or prints {@code refused: <reason>} and exits
 * {@value #REFUSED}. Needs nothing but its own class, so it can run from a world-readable copy.
 */
public final class UnixConnectProbe {

    /** Exit status when the connect fails. */
    static final int REFUSED = 3;

    private UnixConnectProbe() {
    }

    public static void main(String[] args) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(args[0]));
            System.out.println("connected");
        } catch (IOException | RuntimeException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(REFUSED);
        }
    }
}
