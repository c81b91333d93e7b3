/**
 * Plugin side SDK: serve a Java program as a go-plugin gRPC plugin that any go-plugin host can run.
 *
 * <p>{@link dev.rpcplugin.server.PluginServer} checks the magic cookie, negotiates the app protocol
 * version, listens on a Unix socket or loopback TCP (optionally with AutoMTLS), serves go-plugin's
 * health, controller, stdio and broker services next to the app's services, prints the handshake line
 * and runs until the host calls {@code Shutdown}. {@link dev.rpcplugin.server.PluginLogger} writes
 * hclog JSON lines that the host re-logs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.rpcplugin.server;
