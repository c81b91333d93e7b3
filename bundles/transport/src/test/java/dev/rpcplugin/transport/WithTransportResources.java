package dev.rpcplugin.transport;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Gives each test fresh shared resources and checks that closing them ends every thread in time. */
abstract class WithTransportResources {

    protected TransportResources resources;

    @BeforeEach
    void createResources() {
        resources = TransportResources.create();
    }

    @AfterEach
    void closeResources() {
        assertThat(resources.close(TransportResources.DEFAULT_CLOSE_TIMEOUT)).isTrue();
    }

    /** Checks "plugin" is SERVING through the channel, then shuts the channel down. */
    static void assertServing(ManagedChannel channel) throws InterruptedException {
        try {
            assertThat(Health.check(channel)).isEqualTo(ServingStatus.SERVING);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
