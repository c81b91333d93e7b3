package dev.rpcplugin.examples.support.testing;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** An in-process gRPC server with the given services and a channel to it, for service unit tests. */
public final class InProcess implements AutoCloseable {

    private final Server server;
    private final ManagedChannel channel;

    private InProcess(Server server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    /**
     * Starts serving.
     *
     * @param services what to serve
     * @return the running server and its channel
     * @throws IOException if the server cannot start
     */
    public static InProcess serving(BindableService... services) throws IOException {
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        for (BindableService service : services) {
            builder.addService(service);
        }
        Server server = builder.build().start();
        return new InProcess(server, InProcessChannelBuilder.forName(name).directExecutor().build());
    }

    /** The channel to the services. */
    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
