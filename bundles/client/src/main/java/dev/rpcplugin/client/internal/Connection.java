package dev.rpcplugin.client.internal;

import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.ControllerClient;
import dev.rpcplugin.protocol.PluginShutdownException;
import dev.rpcplugin.protocol.StdioConsumer;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The gRPC side of one connected plugin: the main channel (and the view of it users get), the stdio
 * stream, the host's broker, and what the handshake said.
 *
 * @param channel the managed channel, owned here
 * @param userChannel the same channel without shutdown, for users
 * @param stdio the {@code GRPCStdio} stream consumer
 * @param broker the host's broker
 * @param protocolVersion negotiated app protocol version
 * @param network {@code unix} or {@code tcp}
 * @param address socket path or host:port
 * @param tls whether the channel uses TLS
 */
public record Connection(ManagedChannel channel, UnclosableChannel userChannel, StdioConsumer stdio, Broker broker,
        int protocolVersion, String network, String address, boolean tls) {

    /**
     * go-plugin's graceful close: close the broker, ask the plugin to shut down ({@code UNAVAILABLE}
     * counts as success), then close the channel. Never throws.
     *
     * @param shutdownDeadline how long the Shutdown call may take
     * @param log where to note a failed Shutdown
     * @return whether the plugin acknowledged the Shutdown (or dropped the connection doing so)
     */
    public boolean close(Duration shutdownDeadline, Logger log) {
        broker.close();
        stdio.close();
        boolean acknowledged = false;
        Context previous = Context.ROOT.attach(); // a kill() in a cancelled Context must still send Shutdown
        try {
            ControllerClient.shutdown(channel, shutdownDeadline);
            acknowledged = true;
        } catch (PluginShutdownException e) {
            log.debug("plugin Shutdown call failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.debug("plugin Shutdown call failed", e);
        } finally {
            Context.ROOT.detach(previous);
        }
        channel.shutdownNow();
        return acknowledged;
    }

    /** Drops everything at once, without asking the plugin: for a failed start or a dead plugin. */
    public void abort() {
        broker.close();
        stdio.close();
        channel.shutdownNow();
    }
}
