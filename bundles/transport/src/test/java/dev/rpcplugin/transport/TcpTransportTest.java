package dev.rpcplugin.transport;

import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpTransportTest extends WithTransportResources {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<ServerSocket> occupied = new ArrayList<>();

    @AfterEach
    void freePorts() throws IOException {
        for (ServerSocket socket : occupied) {
            socket.close();
        }
    }

    private PluginServerBuilder serverBuilder(int minPort, int maxPort) {
        return PluginServerBuilder.forNetwork(resources, Network.TCP,
                        ListenerOptions.defaults().withPortRange(minPort, maxPort))
                .addService(Health.servingPlugin().getHealthService())
                .directExecutor();
    }

    @Test
    void healthCheckAnswersServingOverTcpOnOsAssignedPort() throws Exception {
        try (PluginListener listener = serverBuilder(0, 0).start()) {
            int port = listener.server().getPort();
            assertThat(port).isPositive();
            assertThat(listener.network()).isEqualTo(Network.TCP);
            assertThat(listener.address()).isEqualTo("127.0.0.1:" + port);
            assertServing(PluginChannelBuilder.forAddress(resources, "tcp", listener.address()).build());
        }
    }

    @Test
    void portInUseIsSkipped() throws Exception {
        int first = occupyConsecutivePorts(2);
        occupied.remove(1).close(); // first+1 is free again, first stays taken
        try (PluginListener listener = serverBuilder(first, first + 1).start()) {
            assertThat(listener.address()).isEqualTo("127.0.0.1:" + (first + 1));
            assertServing(PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build());
        }
    }

    @Test
    void exhaustedPortRangeIsAClearError() throws Exception {
        int first = occupyConsecutivePorts(3);
        assertThatThrownBy(() -> serverBuilder(first, first + 2).start())
                .isInstanceOfSatisfying(PortRangeExhaustedException.class, e -> {
                    assertThat(e).hasMessage("couldn't bind plugin TCP listener: no free port in 127.0.0.1:"
                            + first + "-" + (first + 2));
                    assertThat(e.minPort()).isEqualTo(first);
                    assertThat(e.maxPort()).isEqualTo(first + 2);
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                });
    }

    @Test
    void channelToClosedPortFailsAtFirstCallNotAtBuild() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        ManagedChannel channel = PluginChannelBuilder.forAddress(resources, "tcp", "127.0.0.1:" + port).build();
        try {
            assertThatThrownBy(() -> Health.check(channel))
                    .isInstanceOf(io.grpc.StatusRuntimeException.class)
                    .hasMessageStartingWith("UNAVAILABLE");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Binds {@code count} consecutive loopback ports and returns the first. */
    private int occupyConsecutivePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            ServerSocket first = new ServerSocket(0, 1, LOOPBACK);
            List<ServerSocket> run = new ArrayList<>(List.of(first));
            try {
                for (int i = 1; i < count; i++) {
                    ServerSocket next = new ServerSocket();
                    run.add(next);
                    next.bind(new InetSocketAddress(LOOPBACK, first.getLocalPort() + i), 1);
                }
                occupied.addAll(run);
                return first.getLocalPort();
            } catch (IOException taken) {
                for (ServerSocket socket : run) {
                    socket.close();
                }
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free loopback ports");
    }
}
