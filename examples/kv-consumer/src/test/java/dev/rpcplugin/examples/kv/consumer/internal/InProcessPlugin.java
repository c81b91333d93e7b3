package dev.rpcplugin.examples.kv.consumer.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginDescription;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/** A plugin stand-in: an in-process gRPC server and a PluginConnection on a channel to it. */
final class InProcessPlugin implements PluginConnection, AutoCloseable {

    private final Server server;
    private final ManagedChannel channel;
    private final PluginDescription description;

    InProcessPlugin(String name, BindableService service) throws IOException {
        String address = name + "-" + System.nanoTime();
        this.server = InProcessServerBuilder.forName(address).directExecutor().addService(service).build().start();
        this.channel = InProcessChannelBuilder.forName(address).directExecutor().build();
        this.description = new PluginDescription(name, address, -1, 1, "inprocess", address, false,
                List.of("proto.KV"), Instant.now());
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public PluginDescription description() {
        return description;
    }

    /** What the runtime does when it drains a swapped-out plugin: later calls fail with UNAVAILABLE. */
    void shutDownChannel() throws InterruptedException {
        channel.shutdown();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
