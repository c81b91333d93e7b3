/**
 * Unix-socket and TCP transport for go-plugin's gRPC protocol, built explicitly on grpc-java's
 * shaded Netty with the native epoll transport.
 *
 * <p>Three pieces, used by both the host and the plugin side:
 * <ul>
 *   <li>{@link dev.rpcplugin.transport.TransportResources}: the one epoll event loop group a process
 *       shares across all its plugins. Create it once, pass it to every builder, close it last.</li>
 *   <li>{@link dev.rpcplugin.transport.PluginServerBuilder} → {@link dev.rpcplugin.transport.PluginListener}:
 *       the plugin side. Binds a Unix socket in a fresh private directory (or 127.0.0.1 on the first
 *       free port of a range), starts a gRPC server on it, and reports network and address exactly as
 *       they go into the handshake line. Closing the listener stops the server and deletes what it
 *       created on disk.</li>
 *   <li>{@link dev.rpcplugin.transport.PluginChannelBuilder}: the host side. Builds a
 *       {@link io.grpc.ManagedChannel} to a {@link dev.rpcplugin.transport.PluginAddress} (network and
 *       address as read from a handshake line or a broker message).</li>
 * </ul>
 *
 * <p>TLS is optional on both sides and never created here: pass a shaded-Netty
 * {@code io.grpc.netty.shaded.io.netty.handler.ssl.SslContext} made for gRPC (ALPN {@code h2}), for
 * example by the security bundle. Channels use the authority {@code localhost}, the name in go-plugin's
 * AutoMTLS certificates; how the server certificate is checked is up to the context's trust manager.
 *
 * <pre>{@code
 * try (TransportResources io = TransportResources.create();
 *      PluginListener listener = PluginServerBuilder
 *          .forNetwork(io, Network.UNIX, ListenerOptions.fromEnvironment(System.getenv(), Network.UNIX))
 *          .addService(myService)
 *          .directExecutor()
 *          .start()) {
 *   System.out.println("1|1|" + listener.network().wireName() + "|" + listener.address() + "|grpc|");
 *   ...
 * }
 * }</pre>
 *
 * <p>A process killed by SIGKILL cannot delete its socket directory. Each directory names its owner
 * process in a small file, so that {@link dev.rpcplugin.transport.OrphanedSocketDirectories} can later
 * tell the directories of processes that are gone from those of live ones and remove them.
 *
 * <p>Bad input (unknown network, malformed address, socket path too long, no free port, unknown
 * socket group) fails with a typed exception whose message names the bad value, and leaves no
 * server, socket or directory behind.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package dev.rpcplugin.transport;
