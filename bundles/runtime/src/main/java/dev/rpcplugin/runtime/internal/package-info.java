/**
 * The OSGi plugin supervisor: Declarative Services components, configuration parsing, the per-plugin
 * state machine and the {@link dev.rpcplugin.api.PluginAdmin} service. Not exported: the contract is
 * the {@code dev.rpcplugin.api} bundle.
 */
package dev.rpcplugin.runtime.internal;
