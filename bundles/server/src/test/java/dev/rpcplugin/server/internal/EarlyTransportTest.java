package dev.rpcplugin.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.transport.TransportResources;
import org.junit.jupiter.api.Test;

class EarlyTransportTest {

    @Test
    void handsOutTheResourcesOnceAndThenLeavesThemToTheTaker() throws Exception {
        EarlyTransport early = EarlyTransport.start();
        TransportResources resources = early.take();
        try {
            early.closeIfNotTaken();
            assertThat(resources.isClosed()).as("taken resources belong to the taker").isFalse();
        } finally {
            resources.close();
        }
    }

    @Test
    void closesResourcesNobodyTook() throws Exception {
        EarlyTransport early = EarlyTransport.start();
        early.closeIfNotTaken();
        // closeIfNotTaken waited for the creation, so taking now yields the closed resources
        assertThat(early.take().isClosed()).isTrue();
    }
}
