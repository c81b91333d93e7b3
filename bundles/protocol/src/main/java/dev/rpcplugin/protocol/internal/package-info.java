/** Implementation details of the protocol bundle; not exported. */
package dev.rpcplugin.protocol.internal;
