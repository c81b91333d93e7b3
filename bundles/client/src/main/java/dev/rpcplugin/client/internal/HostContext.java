package dev.rpcplugin.client.internal;

import dev.rpcplugin.security.TlsIdentity;
import dev.rpcplugin.transport.TransportResources;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The shared host resources one plugin client uses.
 *
 * @param transport event loops for the plugin channel and broker
 * @param executor cached pool for blocking work
 * @param channelExecutor callback executor of plugin channels
 * @param identity the host's AutoMTLS identity, made on first use
 * @param socketDirectoryParent where private socket directories go, or null for the default
 * @param spawner starts plugin processes
 * @param pipes drains the stdout and stderr pipes of launched plugins
 */
public record HostContext(TransportResources transport, Executor executor, Executor channelExecutor,
        Supplier<TlsIdentity> identity, Path socketDirectoryParent, ProcessSpawner spawner,
        PipePoller pipes) {
}
