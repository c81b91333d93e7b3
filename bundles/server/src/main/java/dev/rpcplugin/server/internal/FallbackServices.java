package dev.rpcplugin.server.internal;

import io.grpc.BindableService;
import io.grpc.HandlerRegistry;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.util.MutableHandlerRegistry;
import java.util.List;

/**
 * The plugin server's fallback registry: the broker, the app's services and server reflection. The plugin
 * adds reflection just after its handshake line, to keep its cost off the start; a reflection call that comes
 * before that (a host that lists the services as soon as it has connected) adds it itself, so that no host
 * ever sees the plugin without reflection.
 */
final class FallbackServices extends HandlerRegistry {

    private static final String REFLECTION_PREFIX = "grpc.reflection.";

    private final MutableHandlerRegistry registry = new MutableHandlerRegistry();
    private volatile boolean reflection;

    void addService(ServerServiceDefinition service) {
        registry.addService(service);
    }

    void addService(BindableService service) {
        registry.addService(service);
    }

    /** Adds gRPC server reflection, v1 and v1alpha, unless it is there already. */
    @SuppressWarnings("deprecation") // v1alpha: grpc-go's reflection.Register serves both versions
    synchronized void addReflection() {
        if (!reflection) {
            registry.addService(ProtoReflectionServiceV1.newInstance());
            registry.addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance());
            reflection = true;
        }
    }

    @Override
    public List<ServerServiceDefinition> getServices() {
        return registry.getServices();
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        ServerMethodDefinition<?, ?> method = registry.lookupMethod(methodName, authority);
        if (method == null && !reflection && methodName.startsWith(REFLECTION_PREFIX)) {
            addReflection();
            method = registry.lookupMethod(methodName, authority);
        }
        return method;
    }
}
