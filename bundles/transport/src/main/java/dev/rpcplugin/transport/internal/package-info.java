/** Helpers of the transport bundle; not exported, may change at any time. */
package dev.rpcplugin.transport.internal;
