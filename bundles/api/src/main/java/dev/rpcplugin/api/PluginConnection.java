package dev.rpcplugin.api;

import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

import io.grpc.Channel;

/**
 * A connection to one running plugin process (one incarnation), registered as an OSGi service only
 * while the plugin is serving.
 *
 * <p>The channel is shared by every consumer and owned by the container: consumers cannot shut it
 * down. When the process exits, becomes unhealthy or is replaced, the service is unregistered, and a
 * consumer that binds dynamically simply moves to the next registration. What a connection still held
 * does depends on why it went: after an exit its calls fail with {@code UNAVAILABLE}; while it is
 * unhealthy its channel stays open, so calls reach the process, and the same connection (same
 * {@code plugin.instance.id}) is registered again once the health check answers SERVING; when it is
 * replaced or stopped, calls in flight and new ones are served until none is in flight and none started
 * for 250 ms, or {@code drain.timeout} passed; then the process is stopped and calls fail with
 * {@code UNAVAILABLE}.
 *
 * <pre>{@code
 * @Reference(target = "(grpc.service=proto.KV)", policy = ReferencePolicy.DYNAMIC)
 * volatile PluginConnection kv;
 * ...
 * KVGrpc.KVBlockingStub stub = kv.newStub(KVGrpc::newBlockingStub);
 * }</pre>
 */
@ProviderType
public interface PluginConnection {

    /**
     * The plugin's gRPC channel. It cannot be shut down by consumers.
     *
     * @return the shared channel of this incarnation
     */
    Channel channel();

    /**
     * Makes a stub on this connection's channel, e.g. {@code conn.newStub(KVGrpc::newBlockingStub)}.
     *
     * @param stubFactory a generated stub factory method
     * @param <S> the stub type
     * @return the new stub
     */
    default <S> S newStub(Function<Channel, S> stubFactory) {
        return stubFactory.apply(channel());
    }

    /**
     * What this connection is: plugin name, incarnation, process and negotiated protocol.
     *
     * @return the immutable description of this incarnation
     */
    PluginDescription description();
}
