package dev.rpcplugin.itest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.itest.runtime.RuntimeFramework.Serving;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * What Karaf's bundle:restart, bundle:refresh and bundle:update do to the project's bundles while
 * plugins run: after each cycle no old plugin process, socket directory or thread of the old bundles is
 * left, grpc-java's shared threads end once no channel is open, and the old client and runtime class
 * loaders can be collected.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BundleRefreshFelixIT {

    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofSeconds(10);
    /** grpc-java shuts its shared executor and timer down 1 s after their last user released them. */
    private static final Duration SHARED_POOLS = Duration.ofSeconds(10);
    private static final Duration REFRESH_BOUND = Duration.ofSeconds(30);
    private static final Duration COLLECT_BOUND = Duration.ofSeconds(20);
    private static final List<String> NAMES = List.of("refresh-a", "refresh-b");
    private static final String CLIENT = "dev.rpcplugin.client";
    private static final String RUNTIME = "dev.rpcplugin.runtime";
    private static final String GRPC = "dev.rpcplugin.grpc.runtime";

    private static RuntimeFramework felix;

    @BeforeAll
    static void startFelix() throws Exception {
        felix = RuntimeFramework.startWithKvPlugins("bundle-refresh-felix", NAMES);
    }

    @AfterAll
    static void cleanUp() {
        RuntimeFramework.closeLeavingNoPlugin(felix);
    }

    @Test
    @Order(1)
    void restartingTheRuntimeLeavesNoProcessNorThread() throws Exception {
        Bundle runtime = felix.bundle(RUNTIME);
        long fdsStopped = -1;
        for (int cycle = 0; cycle < 2; cycle++) {
            List<Serving> running = felix.awaitServing(NAMES, START);
            int ours = threads("rpcplugin-").size();
            runtime.stop();
            assertGone(running);
            Await.until("no rpcplugin thread left once the runtime stopped", SHORT,
                    () -> threads("rpcplugin-").isEmpty());
            Await.until("no grpc-java shared thread left once no channel is open", SHARED_POOLS,
                    () -> threads("grpc-").isEmpty());
            if (fdsStopped < 0) {
                fdsStopped = openFileDescriptors();
            } else {
                awaitFileDescriptorsAtMost("after this stop as after the first", fdsStopped);
            }
            System.out.printf("runtime restart %d: %d rpcplugin threads before the stop, 0 after; fds %d%n", cycle,
                    ours, openFileDescriptors());
            runtime.start();
        }
    }

    @Test
    @Order(2)
    void refreshingTheClientLeavesNoOldProcessNorThreadAndLetsItsClassLoadersGo() throws Exception {
        Bundle client = felix.bundle(CLIENT);
        // grpc-java keeps, for the life of its bundle's class loader, the classes on the stack of the thread
        // that made the first channel (ManagedChannelOrphanWrapper.ManagedChannelReference's static
        // missingCallSite exception keeps its backtrace; on Java 25 so does netty's
        // PlatformDependent.UNSAFE_UNAVAILABILITY_CAUSE): the client and runtime loaders of that first
        // generation stay; every later one must go
        cycle(client, false, false);
        cycle(client, false, true);
        cycle(client, false, true);
    }

    @Test
    @Order(3)
    void updatingTheClientLeavesNoOldProcessNorThreadAndLetsItsClassLoadersGo() throws Exception {
        cycle(felix.bundle(CLIENT), true, true);
    }

    @Test
    @Order(4)
    void refreshingGrpcJavaRestartsEveryPluginAndLeavesNoOldThread() throws Exception {
        // no class loader check: Felix 7.0.5's BundleClassLoader keeps a thread that lost a race to define a
        // class in its m_classLocks map for good; when that is a Netty event loop thread in a loader that stays
        // (guava's), it holds the old grpc-java loader, and that the loaders of its first channel (see above)
        cycle(felix.bundle(GRPC), false, false);
    }

    private static void cycle(Bundle bundle, boolean update, boolean collectable) throws Exception {
        List<Serving> running = felix.awaitServing(NAMES, START);
        Set<Thread> before = threads("rpcplugin-");
        long fdsBefore = openFileDescriptors();
        WeakReference<ClassLoader> oldClient = loaderOf(CLIENT, "dev.rpcplugin.client.PluginHost");
        WeakReference<ClassLoader> oldRuntime = loaderOf(RUNTIME, "dev.rpcplugin.runtime.internal.PluginRuntime");
        if (update) {
            bundle.update();
        }
        refresh(bundle);
        for (String name : List.of(bundle.getSymbolicName(), CLIENT, RUNTIME)) {
            assertThat(felix.bundle(name).getState()).as("state of %s", name).isEqualTo(Bundle.ACTIVE);
        }
        assertGone(running);
        Await.until("every rpcplugin thread of the old bundles ended", SHORT,
                () -> before.stream().noneMatch(Thread::isAlive));
        int oldThreads = before.size();
        // since Java 19 an ended Thread keeps its Runnable (Thread.FieldHolder.task), and so the old bundle's loader
        before.clear();
        List<Serving> again = felix.awaitServing(NAMES, START);
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i).pid()).as("pid of %s", again.get(i).name()).isNotEqualTo(running.get(i).pid());
        }
        awaitFileDescriptorsAtMost("with the same plugins serving as before", fdsBefore);
        // the names grpc-netty-shaded gives its shared event loops (io.grpc.netty.Utils)
        assertThat(threads("grpc-default-boss-ELG-", "grpc-default-worker-ELG-", "grpc-nio-boss-ELG-",
                "grpc-nio-worker-ELG-")).as("grpc-java's default event loops").isEmpty();
        String collected = "not checked";
        if (collectable) {
            long took = awaitCollected("the client class loader before the refresh", oldClient);
            awaitCollected("the runtime class loader before the refresh", oldRuntime);
            collected = "collected after " + took + " ms";
        }
        System.out.printf("%s %s: rpcplugin threads %d before, %d after; fds %d before, %d after; old loaders %s%n",
                update ? "update" : "refresh", bundle.getSymbolicName(), oldThreads, threads("rpcplugin-").size(),
                fdsBefore, openFileDescriptors(), collected);
    }

    private static void refresh(Bundle bundle) throws InterruptedException {
        FrameworkWiring wiring = felix.context().getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                error.compareAndSet(null, event.getThrowable());
            } else if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertThat(done.await(REFRESH_BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("refresh done").isTrue();
        assertThat(error.get()).as("error during the refresh").isNull();
    }

    // only the weak reference leaves this method, not the class
    private static WeakReference<ClassLoader> loaderOf(String bundle, String className) throws Exception {
        return new WeakReference<>(felix.bundle(bundle).loadClass(className).getClassLoader());
    }

    /** Collects until the loader is gone and returns how long that took in milliseconds. */
    private static long awaitCollected(String what, WeakReference<ClassLoader> loader) {
        long begin = System.nanoTime();
        Await.until(what + " collected", COLLECT_BOUND, () -> {
            System.gc();
            return loader.get() == null;
        });
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    }

    private static void assertGone(List<Serving> running) {
        for (Serving r : running) {
            assertThat(felix.connections(r.name())).as("services of %s", r.name())
                    .noneMatch(ref -> pidOf(ref) == r.pid());
            Await.until("old process of " + r.name() + " gone", SHORT, () -> !PluginProcesses.alive(r.pid()));
            assertThat(r.socketDir()).as("socket directory of %s", r.name()).doesNotExist();
        }
    }

    private static long pidOf(ServiceReference<?> ref) {
        return (Long) ref.getProperty("plugin.pid");
    }

    private static Set<Thread> threads(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> Stream.of(prefixes).anyMatch(t.getName()::startsWith))
                .collect(Collectors.toSet());
    }

    // sockets, pipes, pidfds, eventfds and epoll instances of the old bundles are closed
    private static void awaitFileDescriptorsAtMost(String when, long count) {
        Await.until("at most " + count + " open file descriptors " + when, SHORT, () -> {
            try {
                return openFileDescriptors() <= count;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
