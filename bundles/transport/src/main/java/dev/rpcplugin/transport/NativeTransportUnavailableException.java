package dev.rpcplugin.transport;

/**
 * Netty's native epoll transport cannot be loaded on this machine, so no Unix socket can be opened.
 * The cause is the reason Netty gives ({@code Epoll.unavailabilityCause()}).
 */
public final class NativeTransportUnavailableException extends IllegalStateException {

    /**
     * @param cause why epoll is unavailable
     */
    public NativeTransportUnavailableException(Throwable cause) {
        super("the native epoll transport (needed for Unix domain sockets) is not available: "
                + (cause == null ? "unknown reason" : cause), cause);
    }
}
