package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginDescription;
import io.grpc.Channel;

/** The registered service object of one incarnation: its shared channel and description. */
final class ConnectionService implements PluginConnection {

    private final DrainingChannel channel;
    private final PluginDescription description;

    ConnectionService(DrainingChannel channel, PluginDescription description) {
        this.channel = channel;
        this.description = description;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public PluginDescription description() {
        return description;
    }

    @Override
    public String toString() {
        return "PluginConnection[" + description.name() + ", " + description.instanceId() + ", pid "
                + description.pid() + "]";
    }
}
