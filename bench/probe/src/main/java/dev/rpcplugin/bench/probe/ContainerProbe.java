package dev.rpcplugin.bench.probe;

import com.google.protobuf.ByteString;
import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginProperties;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code bench:container PLUGIN WARMUP LAUNCHES FLEET KILLS OUT}: inside the container,
 * with the Go KV plugin at PLUGIN, measures configuration created -> PluginConnection registered ->
 * first Put (LAUNCHES times after WARMUP launches, whose first Puts are written too), FLEET plugins
 * configured at once until all are registered and each answered a Put (with the host heap and threads
 * they add), and SIGKILL
 * -> unregistration (KILLS times after three warm-ups). Last, what the container adds to a launch:
 * LAUNCHES pairs of a configuration launch and a bare {@code PluginClient} launch of the same plugin in
 * this JVM, one after the other.
 * Writes {@code key value...} lines to OUT.
 */
@Component(service = ContainerProbe.class, property = {"osgi.command.scope=bench",
        "osgi.command.function=container"})
public final class ContainerProbe {

    private static final int KILL_WARMUP = 3;
    /**
     * The longest keep-alive of the container's cached pools: the runtime's work pool (30 s,
     * PluginRuntime) and the client's pool for channel callbacks (60 s, CallbackExecutor).
     */
    static final long POOL_KEEP_ALIVE_MILLIS = 60_000;
    private static final int PAIR_WARMUP = 3;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** 16 bytes, as the Go bench host stores. */
    private static final ByteString VALUE = ByteString.copyFromUtf8("v".repeat(16));

    private final BundleContext context;
    private final ConfigurationAdmin admin;

    @Activate
    public ContainerProbe(BundleContext context, @Reference ConfigurationAdmin admin) {
        this.context = context;
        this.admin = admin;
    }

    /** The command; see the class comment. */
    public String container(String plugin, String warmup, String launches, String fleet, String kills, String out)
            throws Exception {
        List<String> lines = new ArrayList<>();
        try (Registrations seen = new Registrations(context); PluginConfigs configs = new PluginConfigs(admin, plugin)) {
            launches(seen, configs, Integer.parseInt(warmup), Integer.parseInt(launches), lines);
            fleet(seen, configs, Integer.parseInt(fleet), lines);
            kills(seen, configs, Integer.parseInt(kills), lines);
            againstBareClient(seen, configs, plugin, Integer.parseInt(launches), lines);
        }
        Files.write(Path.of(out), lines);
        return "bench: " + lines.size() + " result lines written to " + out;
    }

    private void launches(Registrations seen, PluginConfigs configs, int warmup, int count, List<String> lines)
            throws Exception {
        List<Double> registered = new ArrayList<>();
        List<Double> firstPut = new ArrayList<>();
        List<Double> warmupFirstPut = new ArrayList<>();
        for (int i = 0; i < warmup + count; i++) {
            double[] launch = configuredLaunch(seen, configs, "bench-launch-" + i);
            if (i >= warmup) {
                registered.add(launch[0]);
                firstPut.add(launch[1]);
            } else {
                warmupFirstPut.add(launch[1]);
            }
        }
        lines.add(line("launch_registered_ms", registered));
        lines.add(line("launch_first_put_ms", firstPut));
        lines.add(line("warmup_first_put_ms", warmupFirstPut));
    }

    /** Configuration created -> registered and -> first Put answered, in ms; then stopped. */
    private double[] configuredLaunch(Registrations seen, PluginConfigs configs, String name) throws Exception {
        long t0 = System.nanoTime();
        configs.create(name);
        Registrations.Seen up = seen.awaitRegistered(name, LIMIT);
        put(up.reference(), name);
        long t2 = System.nanoTime();
        stop(seen, configs, name, up.reference());
        return new double[] {(up.nanos() - t0) / 1e6, (t2 - t0) / 1e6};
    }

    // Both kinds equally warm: they alternate, after everything else, on a host of the probe's own
    // built as the runtime builds its host (which differs in its work pool only), with the same plugin settings.
    private void againstBareClient(Registrations seen, PluginConfigs configs, String plugin, int count,
            List<String> lines) throws Exception {
        List<Double> configured = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        try (PluginHost host = PluginHost.builder().build()) {
            for (int i = 0; i < PAIR_WARMUP + count; i++) {
                double c = configuredLaunch(seen, configs, "bench-pair-" + i)[1];
                double b = bareLaunch(host, plugin, "bench-bare-" + i);
                if (i >= PAIR_WARMUP) {
                    configured.add(c);
                    bare.add(b);
                }
            }
        }
        lines.add(line("pair_configured_first_put_ms", configured));
        lines.add(line("pair_bare_client_first_put_ms", bare));
    }

    /** PluginClient start -> first Put answered, in ms; then killed. */
    private static double bareLaunch(PluginHost host, String plugin, String name) throws Exception {
        long t0 = System.nanoTime();
        PluginClient client = PluginClient.builder(host).name(name).command(plugin)
                .magicCookie(PluginConfigs.COOKIE_KEY, PluginConfigs.COOKIE_VALUE).protocolVersions(1)
                .environment(PluginConfigs.MEMORY_VARIABLE, "1").build().start();
        try {
            client.newStub(KVGrpc::newBlockingStub).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .put(PutRequest.newBuilder().setKey(name).setValue(VALUE).build());
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            client.kill();
        }
    }

    private void fleet(Registrations seen, PluginConfigs configs, int count, List<String> lines) throws Exception {
        // idle pool threads of the launches measured before must not count in the baseline
        Thread.sleep(POOL_KEEP_ALIVE_MILLIS + 2000);
        settle();
        long heapBefore = heapUsed();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        Map<String, Integer> namesBefore = threadNames();
        List<String> names = new ArrayList<>();
        List<ServiceReference<?>> references = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            names.add("bench-fleet-" + i);
            configs.create(names.get(i));
        }
        long lastRegistered = t0;
        for (String name : names) {
            Registrations.Seen up = seen.awaitRegistered(name, LIMIT);
            lastRegistered = Math.max(lastRegistered, up.nanos());
            references.add(up.reference());
            put(up.reference(), name); // as the Go host's fleet: every one answers a Put
        }
        long allAnswered = System.nanoTime() - t0;
        settle();
        long heapAfter = heapUsed();
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        lines.add("fleet_thread_growth " + growth(namesBefore, threadNames()));
        lines.add(line("fleet_all_registered_ms", List.of((lastRegistered - t0) / 1e6)));
        lines.add(line("fleet_all_answered_ms", List.of(allAnswered / 1e6)));
        lines.add(line("fleet_heap_before_bytes", List.of((double) heapBefore)));
        lines.add(line("fleet_heap_after_bytes", List.of((double) heapAfter)));
        lines.add(line("fleet_threads_before", List.of((double) threadsBefore)));
        lines.add(line("fleet_threads_after", List.of((double) threadsAfter)));
        lines.add(line("fleet_plugins", List.of((double) count)));
        lines.add(line("fleet_idle_wait_ms", List.of((double) (POOL_KEEP_ALIVE_MILLIS + 2000))));
        // the threads a burst of starts used stay in the cached pools until idle for their keep-alive
        Thread.sleep(POOL_KEEP_ALIVE_MILLIS + 2000);
        lines.add("fleet_thread_growth_settled " + growth(namesBefore, threadNames()));
        lines.add(line("fleet_threads_settled", List.of((double) ManagementFactory.getThreadMXBean().getThreadCount())));
        for (int i = 0; i < count; i++) {
            stop(seen, configs, names.get(i), references.get(i));
        }
    }

    private void kills(Registrations seen, PluginConfigs configs, int count, List<String> lines) throws Exception {
        List<Double> unregistered = new ArrayList<>();
        for (int i = 0; i < KILL_WARMUP + count; i++) {
            String name = "bench-kill-" + i;
            configs.create(name);
            Registrations.Seen up = seen.awaitRegistered(name, LIMIT);
            put(up.reference(), name);
            ProcessHandle process = process(up.reference()).orElseThrow(() -> new IllegalStateException(
                    "plugin " + name + " exited before it was killed"));
            long t0 = System.nanoTime();
            process.destroyForcibly();
            Registrations.Seen down = seen.awaitUnregistered(name, LIMIT);
            if (i >= KILL_WARMUP) {
                unregistered.add((down.nanos() - t0) / 1e6);
            }
            stop(seen, configs, name, up.reference());
        }
        lines.add(line("kill_unregistered_ms", unregistered));
    }

    private void put(ServiceReference<?> reference, String key) {
        PluginConnection connection = (PluginConnection) context.getService(reference);
        if (connection == null) {
            throw new IllegalStateException("the PluginConnection of " + key + " is gone already");
        }
        try {
            connection.newStub(KVGrpc::newBlockingStub).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .put(PutRequest.newBuilder().setKey(key).setValue(VALUE).build());
        } finally {
            context.ungetService(reference);
        }
    }

    /** Deletes the configuration and waits until the registration and the process are gone. */
    private void stop(Registrations seen, PluginConfigs configs, String name, ServiceReference<?> reference)
            throws Exception {
        Optional<ProcessHandle> process = process(reference);
        configs.delete(name);
        seen.awaitUnregistered(name, LIMIT);
        if (process.isPresent()) {
            process.get().onExit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        seen.forget(name);
    }

    /** The plugin's process, or empty when it has exited already. */
    private static Optional<ProcessHandle> process(ServiceReference<?> reference) {
        return ProcessHandle.of(((Number) reference.getProperty(PluginProperties.PLUGIN_PID)).longValue());
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
    }

    /** Live threads by name, digits replaced by {@code N}, e.g. {@code rpcplugin-runtime-N}. */
    private static Map<String, Integer> threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.merge(t.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        return names;
    }

    /** {@code name:+k} for every name whose count grew, largest growth first. */
    private static String growth(Map<String, Integer> before, Map<String, Integer> after) {
        List<Map.Entry<String, Integer>> grown = new ArrayList<>();
        after.forEach((name, count) -> {
            int delta = count - before.getOrDefault(name, 0);
            if (delta != 0) {
                grown.add(Map.entry(name.replace(' ', '_'), delta));
            }
        });
        grown.sort((a, b) -> Integer.compare(Math.abs(b.getValue()), Math.abs(a.getValue())));
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Integer> e : grown) {
            text.append(text.length() == 0 ? "" : ",").append(e.getKey()).append(':')
                    .append(e.getValue() > 0 ? "+" : "").append(e.getValue());
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String line(String key, List<Double> values) {
        StringBuilder text = new StringBuilder(key);
        for (double v : values) {
            text.append(' ').append(String.format(Locale.ROOT, "%.3f", v));
        }
        return text.toString();
    }
}
