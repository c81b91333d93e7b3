/**
 * The plugin container's contract. Every running plugin process is registered as a
 * {@link dev.rpcplugin.api.PluginConnection} service while it is serving; host bundles select one by its
 * service properties ({@link dev.rpcplugin.api.PluginProperties}) and make typed gRPC stubs from it.
 * {@link dev.rpcplugin.api.PluginAdmin} lists and controls the configured plugins.
 */
@Export
@Version("1.2.0")
package dev.rpcplugin.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
