package dev.rpcplugin.runtime.internal;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the {@code grpc.service} property of an incarnation. When the plugin serves reflection (Go
 * plugins since go-plugin 1.2.0, this project's server SDK), its app services are listed: every
 * configured service must be among them, and with none configured the listed ones are used. Without
 * reflection (go-plugin 1.0.1) the configuration is trusted.
 */
@SuppressWarnings("deprecation") // v1alpha: the reflection version every go-plugin with reflection serves
final class ServiceCheck {

    /** go-plugin's own services, never app services. */
    static final Set<String> PLUGIN_SERVICES = Set.of("grpc.health.v1.Health", "plugin.GRPCBroker",
            "plugin.GRPCController", "plugin.GRPCStdio", "grpc.reflection.v1alpha.ServerReflection",
            "grpc.reflection.v1.ServerReflection");

    private static final Logger LOG = LoggerFactory.getLogger(ServiceCheck.class);

    private ServiceCheck() {
    }

    /** A configured service the plugin does not serve. */
    static final class MissingServiceException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingServiceException(String message) {
            super(message);
        }
    }

    /**
     * @param plugin the plugin name, for messages
     * @param configured the configured services
     * @param channel the plugin's channel
     * @param timeout deadline of the reflection call
     * @return the services to register
     * @throws MissingServiceException if reflection shows a configured service is not served
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    static List<String> resolve(String plugin, List<String> configured, Channel channel, Duration timeout)
            throws MissingServiceException, InterruptedException {
        Optional<List<String>> listed = list(plugin, channel, timeout);
        if (listed.isEmpty()) {
            return configured;
        }
        List<String> served = listed.get().stream().filter(s -> !PLUGIN_SERVICES.contains(s)).sorted().toList();
        if (configured.isEmpty()) {
            return served;
        }
        List<String> missing = configured.stream().filter(s -> !served.contains(s)).toList();
        if (!missing.isEmpty()) {
            throw new MissingServiceException("plugin " + plugin + " does not serve the configured grpc.service "
                    + missing + "; its reflection service lists " + served);
        }
        return configured;
    }

    // empty when the plugin has no reflection service or did not answer (then the configuration is trusted)
    private static Optional<List<String>> list(String plugin, Channel channel, Duration timeout)
            throws InterruptedException {
        CompletableFuture<List<String>> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        List<String> names = new ArrayList<>();
                        for (ServiceResponse service : response.getListServicesResponse().getServiceList()) {
                            names.add(service.getName());
                        }
                        answer.complete(names);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(List.of());
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        try {
            return Optional.of(answer.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            Status status = e.getCause() instanceof StatusRuntimeException sre ? sre.getStatus()
                    : Status.fromThrowable(e);
            if (status.getCode() != Status.Code.UNIMPLEMENTED) {
                LOG.warn("plugin {}: listing its services by reflection failed ({}); trusting the configured "
                        + "grpc.service", plugin, status);
            }
            return Optional.empty();
        } catch (TimeoutException e) {
            LOG.warn("plugin {}: no reflection answer within {}; trusting the configured grpc.service", plugin,
                    timeout);
            return Optional.empty();
        }
    }
}
