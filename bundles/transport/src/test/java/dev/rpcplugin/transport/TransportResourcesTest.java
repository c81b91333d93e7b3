package dev.rpcplugin.transport;

import dev.rpcplugin.transport.internal.TransportPreload;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TransportResourcesTest {

    @TempDir
    Path parent;

    @Test
    void closeLeavesNoIoThreadsAlive() throws Exception {
        TransportResources resources = TransportResources.create();
        try (PluginListener listener = PluginServerBuilder
                .forNetwork(resources, Network.UNIX, ListenerOptions.defaults().withSocketDirectoryParent(parent))
                .addService(Health.servingPlugin().getHealthService())
                .start()) {
            ManagedChannel channel = PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build();
            Health.check(channel); // makes the group start its threads
            assertThat(ioThreads()).isNotEmpty().allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
            channel.shutdownNow();
        }
        assertThat(resources.close(Duration.ofSeconds(10))).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (!ioThreads().isEmpty()) {
                Thread.sleep(10);
            }
        }, () -> "still alive: " + ioThreads());
        assertThat(resources.isClosed()).isTrue();
        assertThat(resources.close(Duration.ofSeconds(1))).as("second close").isTrue();
    }

    @Test
    void preloadRunsOnceOnADaemonThreadThatEnds() throws Exception {
        // the only caller in this test JVM: the first call starts the thread, every later one nothing
        Thread preload = TransportPreload.startOnce();
        TransportResources.preloadInBackground();

        assertThat(preload).as("thread of the first call").isNotNull();
        assertThat(preload.isDaemon()).isTrue();
        assertThat(TransportPreload.startOnce()).as("thread of a later call").isNull();
        assertThat(preloadThreads()).hasSizeLessThanOrEqualTo(1);
        preload.join(Duration.ofSeconds(30).toMillis());
        assertThat(preload.isAlive()).as("preload thread still running after 30 s").isFalse();
        try (TransportResources resources = TransportResources.create(1);
                PluginListener listener = PluginServerBuilder
                        .forNetwork(resources, Network.UNIX, ListenerOptions.defaults().withSocketDirectoryParent(parent))
                        .addService(Health.servingPlugin().getHealthService())
                        .start()) {
            ManagedChannel channel = PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build();
            Health.check(channel);
            channel.shutdownNow();
        }
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void closeForceClosesOpenListenersAndChannels() throws Exception {
        TransportResources resources = TransportResources.create(1);
        PluginListener listener = PluginServerBuilder
                .forNetwork(resources, Network.UNIX, ListenerOptions.defaults().withSocketDirectoryParent(parent))
                .addService(Health.servingPlugin().getHealthService())
                .start();
        ManagedChannel channel = PluginChannelBuilder.forAddress(resources, listener.pluginAddress()).build();
        Health.check(channel);

        assertThat(resources.close(Duration.ofSeconds(10))).isTrue();

        assertThat(listener.isTerminated()).isTrue();
        assertThat(channel.isShutdown()).isTrue();
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void timeoutsTooLongForNanosecondsWaitWithoutLimitInsteadOfFailing() throws Exception {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        TransportResources resources = TransportResources.create(1);
        PluginListener closedByItself = PluginServerBuilder
                .forNetwork(resources, Network.UNIX, ListenerOptions.defaults().withSocketDirectoryParent(parent))
                .addService(Health.servingPlugin().getHealthService())
                .start();
        PluginListener closedByTheResources = PluginServerBuilder
                .forNetwork(resources, Network.TCP, ListenerOptions.defaults())
                .addService(Health.servingPlugin().getHealthService())
                .start();
        try {
            // nothing is running, so each returns as soon as everything has stopped
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> closedByItself.shutdown(forever)))
                    .isTrue();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> resources.close(forever))).isTrue();
        } finally {
            resources.close(Duration.ofSeconds(5));
        }
        assertThat(closedByTheResources.isTerminated()).isTrue();
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void closedResourcesRefuseNewListenersAndChannels() {
        TransportResources resources = TransportResources.create(1);
        resources.close();
        assertThatThrownBy(() -> PluginServerBuilder.forNetwork(resources, Network.UNIX,
                        ListenerOptions.defaults().withSocketDirectoryParent(parent)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TransportResources are closed");
        assertThatThrownBy(() -> PluginChannelBuilder.forAddress(resources, "tcp", "127.0.0.1:1").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TransportResources are closed");
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void threadCountIsSmallAndConfigurable() {
        try (TransportResources resources = TransportResources.create()) {
            assertThat(resources.ioThreads()).isBetween(1, 2);
        }
        try (TransportResources resources = TransportResources.create(3)) {
            assertThat(resources.ioThreads()).isEqualTo(3);
        }
        assertThatThrownBy(() -> TransportResources.create(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ioThreads must be at least 1, was 0");
    }

    @Test
    void missingEpollIsExplainedWithNettysReason() {
        UnsatisfiedLinkError reason = new UnsatisfiedLinkError("no netty_transport_native_epoll");
        assertThat(new NativeTransportUnavailableException(reason))
                .hasMessage("the native epoll transport (needed for Unix domain sockets) is not available: " + reason)
                .hasCause(reason);
    }

    static List<Thread> ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(TransportResources.THREAD_NAME_PREFIX))
                .filter(Thread::isAlive)
                .toList();
    }

    private static List<Thread> preloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(TransportPreload.THREAD_NAME) && thread.isAlive())
                .toList();
    }
}
