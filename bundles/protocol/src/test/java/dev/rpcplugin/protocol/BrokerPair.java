package dev.rpcplugin.protocol;

import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A plugin's main server (serving the plugin broker) and a host channel to it over real sockets,
 * with one broker per side.
 */
final class BrokerPair implements AutoCloseable {

    final TransportResources resources = TransportResources.create();
    final ListenerOptions listenerOptions;
    final PluginListener pluginServer;
    final ManagedChannel hostChannel;
    final Broker plugin;
    final Broker host;

    /**
     * @param network main and brokered network
     * @param socketParent parent of socket directories (Unix)
     * @param hostOptions adjusts the host's options (TLS, waits)
     * @param pluginOptions adjusts the plugin's options
     */
    BrokerPair(Network network, Path socketParent, UnaryOperator<BrokerOptions> hostOptions,
            UnaryOperator<BrokerOptions> pluginOptions) throws Exception {
        listenerOptions = ListenerOptions.defaults().withSocketDirectoryParent(socketParent);
        BrokerOptions base = BrokerOptions.of(resources, network, listenerOptions);
        plugin = Broker.forPlugin(pluginOptions.apply(base));
        pluginServer = PluginServerBuilder.forNetwork(resources, network, listenerOptions)
                .addService(plugin.service())
                .start();
        hostChannel = PluginChannelBuilder.forAddress(resources, pluginServer.pluginAddress()).build();
        host = Broker.forHost(hostChannel, hostOptions.apply(base));
        // the plugin's handler must have taken the stream before any test tears the pair down
        Await.until(plugin::isStreamOpen, "the plugin broker has the host's stream");
    }

    BrokerPair(Network network, Path socketParent) throws Exception {
        this(network, socketParent, UnaryOperator.identity(), UnaryOperator.identity());
    }

    @Override
    public void close() throws Exception {
        host.close();
        plugin.close();
        hostChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        pluginServer.shutdown(Duration.ZERO);
        resources.close();
    }
}
