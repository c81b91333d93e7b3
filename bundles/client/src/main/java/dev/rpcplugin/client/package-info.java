/**
 * Host side of a go-plugin gRPC connection: launch a plugin executable (or reattach to a running one),
 * read its handshake, connect with optional AutoMTLS, forward its logs, and kill its whole process
 * tree. Start with {@link dev.rpcplugin.client.PluginHost} and {@link dev.rpcplugin.client.PluginClient}.
 *
 * <p><b>Threads.</b> All plugins of a host share one Netty event loop group (gRPC I/O, stdio and broker
 * streams) and one cached pool for blocking work. {@link java.lang.Process} offers only blocking streams
 * for a child's pipes, which must be drained or the plugin blocks on a full pipe; one pooled task, the
 * pipe poller, takes what the stderr and stdout pipes of all live plugins hold without blocking, so a
 * live plugin keeps no thread of ours busy. Stderr lines reach SLF4J about 50 ms after a quiet spell at
 * the latest, on that task's thread, so appenders and sinks must not block. The handshake is read by a
 * pooled task during the start. Plugins are started with {@code posix_spawn} through JNA, and one
 * thread per host, {@code rpcplugin-reaper}, notices every exit through pidfds; this needs Linux on
 * x86-64 or AArch64, glibc 2.34 and JNA (an optional import in OSGi). Elsewhere, or with the system
 * property {@code rpcplugin.spawn=jdk}, plugins are started with {@link java.lang.Process}, whose JDK
 * keeps one "process reaper" thread per child. Calls on
 * {@link dev.rpcplugin.client.PluginClient#channel()} go straight to the gRPC channel.
 *
 * <p><b>Logging.</b> Plugin stderr goes to the SLF4J logger {@code <prefix>.<plugin name>} (default
 * {@code plugin.<executable base name>}) with go-plugin's rules: hclog JSON lines keep their level,
 * message and key/value pairs; other lines take their level from a {@code [LEVEL]} prefix, else DEBUG;
 * after {@code panic: } or {@code fatal error: } plain lines are ERRORs. Lifecycle messages of a plugin
 * (e.g. {@code plugin failed to exit gracefully}) use the same logger.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package dev.rpcplugin.client;
