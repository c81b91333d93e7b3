package dev.rpcplugin.transport;

import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;

import java.util.concurrent.TimeUnit;

/** The health service a go-plugin plugin serves, and the host's check of it. */
final class Health {

    static final String PLUGIN = "plugin";

    private Health() {
    }

    /** @return a health manager that reports "plugin" as SERVING */
    static HealthStatusManager servingPlugin() {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(PLUGIN, ServingStatus.SERVING);
        return health;
    }

    /** @return the status of "plugin", asked through the channel with a 10 s deadline */
    static ServingStatus check(Channel channel) {
        return HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(PLUGIN).build())
                .getStatus();
    }
}
