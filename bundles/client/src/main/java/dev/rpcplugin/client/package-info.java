/**
 * Host side of a go-plugin gRPC connection: launch a plugin executable (or reattach to a running one),
 * read its handshake, connect with optional AutoMTLS, forward its logs, and kill its whole process
 * tree. Start with {@link dev.rpcplugin.client.PluginHost} and {@link dev.rpcplugin.client.PluginClient}.
 *
 * <p><b>Threads.</b> All plugins of a host share one Netty event loop group (gRPC I/O, stdio and broker
 * streams) and one cached pool for blocking work. {@link java.lang.Process} offers only blocking streams
 * for a child's pipes, so each live launched plugin keeps two pooled threads blocked reading its
 * stderr and stdout (which must be drained, or the plugin blocks on a full pipe); they return to the
 * pool at EOF. The handshake is read by a pooled task as well. Exit is noticed through
 * {@link java.lang.Process#onExit()} (the JDK's own reaper), without a thread of ours. Calls on
 * {@link dev.rpcplugin.client.PluginClient#channel()} go straight to the gRPC channel.
 *
 * <p><b>Logging.</b> Plugin stderr goes to the SLF4J logger {@code <prefix>.<plugin name>} (default
 * {@code plugin.<executable base name>}) with go-plugin's rules: hclog JSON lines keep their level,
 * message and key/value pairs; other lines take their level from a {@code [LEVEL]} prefix, else DEBUG;
 * after {@code panic: } or {@code fatal error: } plain lines are ERRORs. Lifecycle messages of a plugin
 * (e.g. {@code plugin failed to exit gracefully}) use the same logger.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.rpcplugin.client;
