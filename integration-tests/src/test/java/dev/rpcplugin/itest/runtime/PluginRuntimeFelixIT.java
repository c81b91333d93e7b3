package dev.rpcplugin.itest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.itest.bridge.KvProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The runtime bundle in a real Felix with SCR and Configuration Admin, launching real plugin processes
 * ({@code KvTestPlugin}) from factory configurations. A consumer bundle inside the framework tracks the
 * {@code PluginConnection} services and calls them; the test checks service properties, processes and
 * socket directories from outside.
 */
@Timeout(90)
class PluginRuntimeFelixIT {

    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofSeconds(10);
    /**
     * Bound on a teardown: configuration event, drain (3 s), Shutdown, stop grace (2 s) and the kill, each
     * slower on a loaded machine.
     */
    private static final Duration STOP = Duration.ofSeconds(30);

    private static RuntimeFramework felix;

    @BeforeAll
    static void startFelix() throws Exception {
        Path work = Path.of(System.getProperty("itest.work")).resolve("runtime-felix");
        Files.createDirectories(work);
        felix = RuntimeFramework.start(work);
    }

    @AfterAll
    static void stopFelix() {
        RuntimeFramework.closeLeavingNoPlugin(felix);
    }

    @AfterEach
    void noPluginOutlivesItsConfiguration() {
        Await.until("no test plugin process left", STOP, () -> PluginProcesses.live().isEmpty());
    }

    @Test
    void configurationBecomesAServiceWithItsPropertiesAndConsumerCallsWork() throws Exception {
        Map<String, Object> config = PluginConfigs.kvPlugin();
        config.put("protocol.versions", "1, 2"); // Karaf .cfg style: strings everywhere
        config.put("auto.mtls", "true");
        config.put("grpc.service", "proto.KV");
        config.put("service.ranking", 5);
        felix.configure("basic", config);
        try {
            ServiceReference<?> ref = Await.value("plugin basic serving", START, () -> felix.connection("basic"));
            long pid = (Long) ref.getProperty("plugin.pid");
            assertThat(ref.getProperty("plugin.name")).isEqualTo("basic");
            assertThat(UUID.fromString((String) ref.getProperty("plugin.instance.id"))).isNotNull();
            assertThat(ref.getProperty("plugin.protocol.version")).isEqualTo(2);
            assertThat(ref.getProperty("plugin.network")).isEqualTo("unix");
            assertThat(ref.getProperty("plugin.tls")).isEqualTo(true);
            assertThat((String[]) ref.getProperty("grpc.service")).containsExactly("proto.KV");
            assertThat(ref.getProperty(Constants.SERVICE_RANKING)).isEqualTo(5);
            assertThat(PluginProcesses.alive(pid)).isTrue();
            // what the leftover checks look for: they must see a running plugin
            assertThat(PluginProcesses.live()).extracting(ProcessHandle::pid).contains(pid);
            // JNA resolved inside Felix: the plugin was spawned natively and one thread watches all exits
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("rpcplugin-reaper");

            PluginStatus status = felix.status("basic");
            assertThat(status.state()).isEqualTo("SERVING");
            assertThat(status.pid()).isEqualTo(pid);
            assertThat(status.instanceId()).isEqualTo(ref.getProperty("plugin.instance.id"));

            try (KvProbe kv = felix.consumer("(grpc.service=proto.KV)(plugin.name=basic)")) {
                kv.put("greeting", "hello");
                assertThat(kv.get("greeting")).isEqualTo("hello");
                assertThat(kv.get("pid")).isEqualTo(Long.toString(pid));
            }
            // stderr is read on its own, unordered with the handshake on stdout: the line may come later
            Await.until("the plugin's start-up line in its recent log", SHORT, () -> felix.recentLog("basic", 50)
                    .stream().anyMatch(line -> line.contains("kv test plugin starting")));
        } finally {
            felix.deleteConfiguration("basic");
        }
    }

    @Test
    void sigkillUnregistersAtOnceThenRestartsWithANewInstanceAndTheConsumerRebinds() throws Exception {
        felix.configure("crash", PluginConfigs.kvPlugin()); // no grpc.service: taken from reflection
        try (KvProbe kv = felix.consumer("(grpc.service=proto.KV)(plugin.name=crash)")) {
            ServiceReference<?> first = Await.value("plugin crash serving", START, () -> felix.connection("crash"));
            assertThat((String[]) first.getProperty("grpc.service")).containsExactly("proto.KV");
            String firstId = (String) first.getProperty("plugin.instance.id");
            long firstPid = (Long) first.getProperty("plugin.pid");
            // the registry shows a service while its listeners (this tracker) are still being told
            Await.until("consumer bound to the first incarnation", SHORT, () -> firstId.equals(kv.boundInstanceId()));
            assertThat(kv.get("pid")).isEqualTo(Long.toString(firstPid));

            PluginProcesses.of(firstPid).orElseThrow().destroyForcibly();
            Await.until("the killed incarnation unregistered", SHORT,
                    () -> felix.connections("crash").stream()
                            .noneMatch(r -> firstId.equals(r.getProperty("plugin.instance.id"))));

            ServiceReference<?> second = Await.value("a new incarnation of crash", START, () -> {
                ServiceReference<?> ref = felix.connection("crash");
                return ref != null && !firstId.equals(ref.getProperty("plugin.instance.id")) ? ref : null;
            });
            long secondPid = (Long) second.getProperty("plugin.pid");
            assertThat(secondPid).isNotEqualTo(firstPid);
            assertThat(PluginProcesses.alive(firstPid)).isFalse();
            assertThat(felix.status("crash").restarts()).isGreaterThanOrEqualTo(1);
            Await.until("consumer bound to the new incarnation", SHORT,
                    () -> second.getProperty("plugin.instance.id").equals(kv.boundInstanceId()));
            assertThat(kv.get("pid")).isEqualTo(Long.toString(secondPid));
        } finally {
            felix.deleteConfiguration("crash");
        }
    }

    @Test
    void deletingTheConfigurationRemovesServiceProcessAndSocketDirectory() {
        felix.configure("gone", PluginConfigs.kvPlugin());
        ServiceReference<?> ref = Await.value("plugin gone serving", START, () -> felix.connection("gone"));
        long pid = (Long) ref.getProperty("plugin.pid");
        Path socketDir = felix.socketDirectory(ref, PluginConfigs.SOCKET_DIR);
        assertThat(socketDir).isDirectory();

        felix.deleteConfiguration("gone");

        Await.until("service of gone unregistered", SHORT, () -> felix.connection("gone") == null);
        Await.until("process of gone ended", STOP, () -> !PluginProcesses.alive(pid));
        Await.until("socket directory of gone deleted", STOP, () -> !Files.exists(socketDir));
        Await.until("gone no longer listed by the admin", STOP, () -> felix.status("gone") == null);
    }

    // fails a wait at once with the first failed call, instead of letting it time out without a reason
    private static boolean noFailure(ConcurrentLinkedQueue<String> failures) {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " call(s) failed during the swap, the first: " + failures.peek());
        }
        return true;
    }

    @Test
    void updatingTheConfigurationSwapsIncarnationsWithoutAFailedCall() throws Exception {
        Map<String, Object> v1 = PluginConfigs.kvPlugin();
        v1.put("environment", "ITEST_VERSION=v1");
        felix.configure("swap", v1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread fast = null;
        Thread slow = null;
        try (KvProbe kv = felix.consumer("(plugin.name=swap)")) {
            ServiceReference<?> old = Await.value("plugin swap serving", START, () -> felix.connection("swap"));
            long oldPid = (Long) old.getProperty("plugin.pid");
            Await.until("consumer bound to v1", SHORT,
                    () -> old.getProperty("plugin.instance.id").equals(kv.boundInstanceId()));
            fast = caller(() -> kv.get("version"), stop, calls, seen, failures);
            slow = caller(() -> kv.get("sleep:300"), stop, calls, seen, failures); // always one call in flight
            Await.until("calls to v1", SHORT, () -> calls.get() > 20);

            Map<String, Object> v2 = new HashMap<>(v1);
            v2.put("environment", "ITEST_VERSION=v2");
            felix.configure("swap", v2);

            Await.until("v2 answering and the v1 process gone", START,
                    () -> noFailure(failures) && seen.contains("v2") && !PluginProcesses.alive(oldPid));
            int afterSwap = calls.get();
            Await.until("more calls after the swap", SHORT, () -> calls.get() > afterSwap + 20);
            stop.set(true);
            fast.join(SHORT.toMillis());
            slow.join(SHORT.toMillis());

            assertThat(failures).as("failed calls during the swap").isEmpty();
            assertThat(seen).containsExactlyInAnyOrder("v1", "v2");
            ServiceReference<?> current = felix.connection("swap");
            assertThat(current.getProperty("plugin.instance.id")).isNotEqualTo(old.getProperty("plugin.instance.id"));
        } finally {
            stop.set(true);
            felix.deleteConfiguration("swap");
        }
    }

    @Test
    void notServingUnregistersUntilServingReturns() throws Exception {
        Path flag = Files.createTempDirectory("rpcplugin-itest").resolve("not-serving");
        Map<String, Object> config = PluginConfigs.kvPlugin();
        config.put("environment", new String[] {"ITEST_HEALTH_FLAG=" + flag});
        felix.configure("health", config);
        try {
            ServiceReference<?> first = Await.value("plugin health serving", START, () -> felix.connection("health"));
            long pid = (Long) first.getProperty("plugin.pid");

            Files.createFile(flag);
            Await.until("health unregistered while NOT_SERVING", SHORT, () -> felix.connection("health") == null);
            PluginStatus unhealthy = felix.status("health");
            assertThat(unhealthy.state()).isEqualTo("UNHEALTHY");
            assertThat(unhealthy.lastFailure()).contains("NOT_SERVING");
            assertThat(PluginProcesses.alive(pid)).as("the process keeps running").isTrue();

            Files.delete(flag);
            ServiceReference<?> again = Await.value("health registered again", SHORT, () -> felix.connection("health"));
            assertThat(again.getProperty("plugin.instance.id")).isEqualTo(first.getProperty("plugin.instance.id"));
            assertThat(again.getProperty(Constants.SERVICE_ID)).isNotEqualTo(first.getProperty(Constants.SERVICE_ID));
            assertThat(felix.status("health").state()).isEqualTo("SERVING");
        } finally {
            Files.deleteIfExists(flag);
            Files.delete(flag.getParent());
            felix.deleteConfiguration("health");
        }
    }

    @Test
    void anInvalidConfigurationFailsNamingTheAttributeAndAFixedOneServes() {
        Map<String, Object> config = PluginConfigs.kvPlugin();
        config.put("start.timeout", "soon");
        felix.configure("invalid", config);
        try {
            PluginStatus failed = Await.value("invalid FAILED", SHORT, () -> failedStatus("invalid"));
            assertThat(failed.lastFailure()).contains("start.timeout").contains("soon");
            assertThat(felix.connection("invalid")).isNull();
            assertThat(PluginProcesses.live()).as("plugin processes of an invalid configuration").isEmpty();

            config.put("start.timeout", "30s");
            felix.configure("invalid", config);
            Await.value("fixed configuration serving", START, () -> felix.connection("invalid"));
        } finally {
            felix.deleteConfiguration("invalid");
        }
    }

    @Test
    void aMissingCommandOrCookieIsReportedNotThrown() {
        Map<String, Object> noCommand = PluginConfigs.kvPlugin();
        noCommand.remove("command");
        Map<String, Object> unterminated = PluginConfigs.kvPlugin();
        unterminated.put("command", "java -cp \"unterminated");
        felix.configure("nocommand", noCommand);
        felix.configure("badquote", unterminated);
        try {
            assertThat(Await.value("nocommand FAILED", SHORT, () -> failedStatus("nocommand")).lastFailure())
                    .contains("command").contains("is required");
            assertThat(Await.value("badquote FAILED", SHORT, () -> failedStatus("badquote")).lastFailure())
                    .contains("command").contains("unterminated double quote");
        } finally {
            felix.deleteConfiguration("nocommand");
            felix.deleteConfiguration("badquote");
        }
    }

    @Test
    void aConfiguredServiceThePluginDoesNotServeFailsIt() {
        Map<String, Object> config = PluginConfigs.kvPlugin();
        config.put("grpc.service", new String[] {"proto.KV", "missing.Service"});
        felix.configure("missing", config);
        try {
            PluginStatus failed = Await.value("missing FAILED", START, () -> failedStatus("missing"));
            assertThat(failed.lastFailure()).contains("missing.Service").contains("proto.KV");
            // the state turns FAILED before the service goes (the supervisor's order)
            Await.until("the connection of missing withdrawn", SHORT, () -> felix.connection("missing") == null);
            // withdrawn for good: the process is stopped while the configuration still exists
            Await.until("the plugin process ended", STOP, () -> PluginProcesses.live().isEmpty());
            assertThat(felix.status("missing").state()).isEqualTo("FAILED");
        } finally {
            felix.deleteConfiguration("missing");
        }
    }

    @Test
    void theMetatypeServiceDescribesEveryAttributeWithItsDefault() {
        Map<String, String[]> attributes = felix.pluginMetatype();
        assertThat(attributes).containsKeys("name", "command", "working.dir", "environment", "environment.policy",
                "environment.allow", "magic.cookie.key", "magic.cookie.value", "protocol.versions",
                "allowed.networks", "auto.mtls", "checksum", "start.timeout", "stop.grace", "drain.timeout",
                "restart.policy", "restart.backoff.initial", "restart.backoff.max", "restart.max",
                "health.interval", "health.timeout", "grpc.service", "service.ranking", "socket.dir",
                "handshake.max.noise.lines", "log.lines");
        assertThat(attributes.get("restart.policy")).containsExactly("on-failure");
        assertThat(attributes.get("allowed.networks")).containsExactly("unix", "tcp");
        assertThat(attributes.get("command")).isNull();
    }

    private static PluginStatus failedStatus(String name) {
        PluginStatus status = felix.status(name);
        return status != null && status.state().equals("FAILED") ? status : null;
    }

    private static Thread caller(java.util.function.Supplier<String> call, AtomicBoolean stop, AtomicInteger calls,
            Set<String> seen, ConcurrentLinkedQueue<String> failures) {
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                try {
                    seen.add(call.get());
                    calls.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        }, "swap-caller");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
