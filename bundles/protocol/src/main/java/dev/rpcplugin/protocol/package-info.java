/**
 * go-plugin's own gRPC services for both sides of a plugin connection: the controller
 * ({@code plugin.GRPCController}), stdio forwarding ({@code plugin.GRPCStdio}) and the connection
 * broker ({@code plugin.GRPCBroker}).
 *
 * <p>Plugin side: {@link dev.rpcplugin.protocol.ControllerService}, {@link dev.rpcplugin.protocol.StdioService}
 * and {@link dev.rpcplugin.protocol.Broker#forPlugin}. Host side:
 * {@link dev.rpcplugin.protocol.ControllerClient}, {@link dev.rpcplugin.protocol.StdioConsumer} and
 * {@link dev.rpcplugin.protocol.Broker#forHost}. Both sides parse large received messages with
 * {@link dev.rpcplugin.protocol.LargeMessageParsing}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.rpcplugin.protocol;
