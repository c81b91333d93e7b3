package dev.rpcplugin.api;

import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

import io.grpc.Channel;

/**
 * A connection to one running plugin process (one incarnation), registered as an OSGi service only
 * while the plugin is serving.
 *
 * <p>The channel is shared by every consumer and owned by the container: consumers cannot shut it
 * down. When the process exits, becomes unhealthy or is replaced, the service is unregistered; calls
 * made after that fail with {@code UNAVAILABLE}. A consumer that binds dynamically simply moves to the
 * next registration.
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
