/**
 * go-plugin's handshake, both sides, as pure logic (JDK only, no I/O beyond a stream handed in).
 *
 * <p>Host side: {@link dev.rpcplugin.handshake.ChildEnvironment} builds the plugin's environment,
 * {@link dev.rpcplugin.handshake.HandshakeReader} waits for the handshake line on the plugin's
 * stdout with a deadline, {@link dev.rpcplugin.handshake.HandshakeParser} validates it into a
 * {@link dev.rpcplugin.handshake.HandshakeLine}.
 *
 * <p>Plugin side: {@link dev.rpcplugin.handshake.PluginEnvironment} checks the magic cookie, reads
 * the host's versions and settings and negotiates a {@link dev.rpcplugin.handshake.NegotiatedVersion};
 * {@link dev.rpcplugin.handshake.HandshakeLine#format()} gives the line to print.
 *
 * <p>Every rejected line or unusable environment value raises a
 * {@link dev.rpcplugin.handshake.HandshakeException} with a
 * {@link dev.rpcplugin.handshake.HandshakeException.Reason}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.rpcplugin.handshake;
