package dev.rpcplugin.itest.consumer;

import com.google.protobuf.ByteString;
import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginProperties;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.itest.bridge.KvProbe;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A KV consumer as a host bundle would write it, packaged into a test bundle: it follows the
 * {@link PluginConnection} services matching a filter (the tracker binds and unbinds dynamically) and
 * makes every call on the connection bound at that moment.
 */
public final class TrackingKvConsumer implements KvProbe {

    private static final long DEADLINE_SECONDS = 10;

    private final ServiceTracker<PluginConnection, PluginConnection> tracker;

    /**
     * @param context the consumer bundle's context
     * @param filter e.g. {@code (&(plugin.name=kv)(grpc.service=proto.KV))}
     * @throws InvalidSyntaxException for a bad filter
     */
    public TrackingKvConsumer(BundleContext context, String filter) throws InvalidSyntaxException {
        String full = "(&(objectClass=" + PluginConnection.class.getName() + ")" + filter + ")";
        this.tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(full), null);
        tracker.open();
    }

    @Override
    public void put(String key, String value) {
        stub().put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
    }

    @Override
    public String get(String key) {
        return stub().get(GetRequest.newBuilder().setKey(key).build()).getValue().toStringUtf8();
    }

    @Override
    public String boundInstanceId() {
        ServiceReference<PluginConnection> ref = best();
        return ref == null ? null : (String) ref.getProperty(PluginProperties.PLUGIN_INSTANCE_ID);
    }

    @Override
    public void close() {
        tracker.close();
    }

    // Chosen at every call, not through ServiceTracker.getService(): the tracker caches its choice
    // without a lock, so a caller choosing while a service goes can put the gone one back in the
    // cache, where it stays until the next change (seen once in a hot swap under load).
    private KVGrpc.KVBlockingStub stub() {
        for (int attempt = 0; attempt < 2; attempt++) {
            ServiceReference<PluginConnection> ref = best();
            PluginConnection connection = ref == null ? null : tracker.getService(ref);
            if (connection != null) {
                return connection.newStub(KVGrpc::newBlockingStub).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
            }
            // the service went between the two reads: choose again once
        }
        throw new IllegalStateException("no KV plugin bound");
    }

    // highest ranking, then lowest service id: the order ServiceReference.compareTo defines
    private ServiceReference<PluginConnection> best() {
        ServiceReference<PluginConnection>[] refs = tracker.getServiceReferences();
        return refs == null ? null : Collections.max(Arrays.asList(refs));
    }
}
