package dev.rpcplugin.protocol;

import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real gRPC server and a channel to it over a Unix socket, built by the transport module, for tests. */
final class UnixGrpc implements AutoCloseable {

    final Path parent;
    final TransportResources resources = TransportResources.create();
    final PluginListener listener;
    final Server server;
    final ManagedChannel channel;

    UnixGrpc(BindableService... services) throws Exception {
        parent = Files.createTempDirectory(Path.of("/tmp"), "rp");
        PluginServerBuilder builder = PluginServerBuilder.forNetwork(resources, Network.UNIX,
                ListenerOptions.defaults().withSocketDirectoryParent(parent));
        for (BindableService service : services) {
            builder.addService(service);
        }
        listener = builder.start();
        server = listener.server();
        channel = PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build();
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        listener.shutdown(Duration.ZERO);
        resources.close();
        Files.deleteIfExists(parent);
    }
}
