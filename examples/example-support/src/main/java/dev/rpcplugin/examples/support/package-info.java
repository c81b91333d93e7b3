/**
 * What the runnable examples share: {@link dev.rpcplugin.examples.support.ValueStore} for the
 * plugins (files {@code <prefix><key>} in the working directory, or memory) and
 * {@link dev.rpcplugin.examples.support.CommandLineHost} for the hosts (go-plugin's example host
 * behaviour: plugin command from the environment, AutoMTLS switch, clear errors, no plugin left
 * running).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.rpcplugin.examples.support;
