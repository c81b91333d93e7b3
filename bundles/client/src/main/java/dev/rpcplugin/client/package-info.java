/**
 * Host side of a go-plugin gRPC connection: launch a plugin executable (or reattach to a running one),
 * read its handshake, connect with optional AutoMTLS, forward its logs, and kill its whole process
 * tree. Start with {@link dev.rpcplugin.client.PluginHost} and {@link dev.rpcplugin.client.PluginClient}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.rpcplugin.client;
