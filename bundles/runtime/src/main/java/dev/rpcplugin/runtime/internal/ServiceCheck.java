package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.client.PluginClient;
import io.grpc.Status;
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
 * reflection (go-plugin 1.0.1) the configuration is trusted. With services configured, the supervisor
 * registers without waiting for the answer and withdraws the service if the answer shows one missing.
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

    /**
     * Blocking: the app services the plugin lists, for a configuration that names none (they become a
     * service property, so they must be known before registering).
     *
     * @param plugin the plugin name, for messages
     * @param client the plugin, connected; killing it ends the call at once
     * @param timeout deadline of the reflection call
     * @return the listed app services, sorted; empty when the plugin has no reflection service or did
     *     not answer
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    static List<String> served(String plugin, PluginClient client, Duration timeout) throws InterruptedException {
        return await(plugin, list(plugin, client, timeout), timeout).map(ServiceCheck::appServices)
                .orElse(List.of());
    }

    /**
     * Asks the plugin's reflection service for its services. The answer is handled on the thread that
     * receives it (it only completes the future), so no executor hop lies on the launch path. A call
     * ended because the client is being stopped is not worth a warning.
     *
     * @return completed with the listed names (go-plugin's own included), or empty when the plugin has no
     *     reflection service or did not answer within {@code timeout} (then the configuration is
     *     trusted); never completed exceptionally
     */
    static CompletableFuture<Optional<List<String>>> list(String plugin, PluginClient client, Duration timeout) {
        CompletableFuture<Optional<List<String>>> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(client.channel())
                .withExecutor(Runnable::run)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        List<String> names = new ArrayList<>();
                        for (ServiceResponse service : response.getListServicesResponse().getServiceList()) {
                            names.add(service.getName());
                        }
                        answer.complete(Optional.of(names));
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status status = Status.fromThrowable(t);
                        if (status.getCode() != Status.Code.UNIMPLEMENTED
                                && client.state() == PluginClient.State.CONNECTED) {
                            LOG.warn("plugin {}: listing its services by reflection failed ({}); trusting the "
                                    + "configured grpc.service", plugin, status);
                        }
                        answer.complete(Optional.empty());
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(Optional.of(List.of()));
                    }
                });
        try {
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            requests.onCompleted();
        } catch (RuntimeException e) {
            if (client.state() == PluginClient.State.CONNECTED) {
                LOG.warn("plugin {}: could not ask its reflection service ({}); trusting the configured "
                        + "grpc.service", plugin, e.toString());
            }
            answer.complete(Optional.empty());
        }
        return answer;
    }

    /**
     * @param listed what {@link #list} answered
     * @return why the plugin must not serve: the configured services it lacks and those it lists; null when
     *     it serves every configured one or reflection could not tell
     */
    static String missing(String plugin, List<String> configured, Optional<List<String>> listed) {
        if (listed.isEmpty()) {
            return null;
        }
        List<String> served = appServices(listed.get());
        List<String> missing = configured.stream().filter(s -> !served.contains(s)).toList();
        return missing.isEmpty() ? null : "plugin " + plugin + " does not serve the configured grpc.service "
                + missing + "; its reflection service lists " + served;
    }

    private static List<String> appServices(List<String> listed) {
        return listed.stream().filter(s -> !PLUGIN_SERVICES.contains(s)).sorted().toList();
    }

    // bounded even if the call's deadline never fired
    private static Optional<List<String>> await(String plugin, CompletableFuture<Optional<List<String>>> answer,
            Duration timeout) throws InterruptedException {
        try {
            return answer.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e); // list() completes normally
        } catch (TimeoutException e) {
            LOG.warn("plugin {}: no reflection answer within {}; trusting the configured grpc.service", plugin,
                    timeout);
            return Optional.empty();
        }
    }
}
