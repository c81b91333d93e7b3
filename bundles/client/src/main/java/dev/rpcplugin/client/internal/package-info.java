/** Implementation of the client bundle; not exported. */
package dev.rpcplugin.client.internal;
