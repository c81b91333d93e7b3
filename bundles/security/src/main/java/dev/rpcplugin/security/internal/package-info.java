/**
 * Implementation helpers of {@code dev.rpcplugin.security}; not exported, not for other bundles.
 */
package dev.rpcplugin.security.internal;
