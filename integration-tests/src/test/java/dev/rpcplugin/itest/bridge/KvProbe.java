package dev.rpcplugin.itest.bridge;

/**
 * What the test sees of the KV consumer running inside Felix. Only JDK types cross the boundary: the
 * framework exports this package from the test's class loader (system packages extra), the consumer
 * bundle implements it with the framework's gRPC classes.
 */
public interface KvProbe extends AutoCloseable {

    /** Calls {@code proto.KV/Put} on the currently bound plugin; throws if none is bound or the call fails. */
    void put(String key, String value);

    /** Calls {@code proto.KV/Get} on the currently bound plugin; throws if none is bound or the call fails. */
    String get(String key);

    /** {@code plugin.instance.id} of the connection the next call would use, or null when none is bound. */
    String boundInstanceId();

    /** Stops tracking. */
    @Override
    void close();
}
