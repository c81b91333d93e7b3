package dev.rpcplugin.transport.internal;

import dev.rpcplugin.transport.PortRangeExhaustedException;
import io.grpc.Server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * Starts a server on 127.0.0.1 at the first port of a range that can be bound, as go-plugin does:
 * each port in order, any bind failure (in use, not permitted) moves on to the next.
 */
public final class TcpPortBinder {

    /** Builds a new, not yet started server for one address. */
    @FunctionalInterface
    public interface ServerFactory {
        /**
         * @param address where the server is to listen
         * @return a server that has not been started
         */
        Server newServer(SocketAddress address);
    }

    /** The IPv4 loopback address, made without any name lookup. */
    public static final InetAddress LOOPBACK = loopback();

    private TcpPortBinder() {
    }

    /**
     * @param factory makes one server per attempt (a failed server cannot be started again)
     * @param minPort first port, 0 meaning "any free port"
     * @param maxPort last port, at least minPort
     * @return the started server
     * @throws PortRangeExhaustedException when no port of the range could be bound
     */
    public static Server startOnFirstFreePort(ServerFactory factory, int minPort, int maxPort)
            throws PortRangeExhaustedException {
        IOException lastFailure = null;
        for (int port = minPort; port <= maxPort; port++) {
            Server server = factory.newServer(new InetSocketAddress(LOOPBACK, port));
            try {
                return server.start();
            } catch (IOException bindFailed) {
                server.shutdownNow();
                lastFailure = bindFailed;
            } catch (RuntimeException e) {
                server.shutdownNow();
                throw e;
            }
        }
        throw new PortRangeExhaustedException(minPort, maxPort, lastFailure);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) {
            throw new AssertionError("a 4-byte address is always valid", impossible);
        }
    }
}
