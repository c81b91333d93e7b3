package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.api.PluginProperties;
import dev.rpcplugin.api.PluginState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's state machine outside OSGi: a real {@link PluginRuntime}, real plugin processes
 * ({@link TinyPlugin}, or commands that fail), and a registrar that records instead of registering.
 */
@Timeout(60)
class PluginSupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private PluginRuntime runtime;
    private final List<PluginSupervisor> supervisors = new ArrayList<>();

    @BeforeEach
    void activate() {
        runtime = new PluginRuntime();
        runtime.activate();
    }

    @AfterEach
    void deactivate() throws Exception {
        for (PluginSupervisor s : supervisors) {
            s.close().get(20, TimeUnit.SECONDS);
        }
        runtime.deactivate();
        assertThat(tinyPlugins()).as("plugin processes left").isEmpty();
    }

    @Test
    void whoeverSeesTheServiceSeesTheStatusServing() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        AtomicReference<PluginSupervisor> supervisor = new AtomicReference<>();
        registrar.observeOnRegister(() -> supervisor.get() == null ? null : supervisor.get().snapshot().state());
        supervisor.set(supervisor("ordered", registrar, tiny("ordered")));

        RecordingRegistrar.Entry entry = awaitUntil(registrar::current);

        assertThat(entry.observed()).isEqualTo(PluginState.SERVING);
    }

    @Test
    void whoeverSeesTheServiceGoForFailedHealthSeesTheStatusUnhealthy(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("unhealthy");
        RecordingRegistrar registrar = new RecordingRegistrar();
        AtomicReference<PluginSupervisor> supervisor = new AtomicReference<>();
        registrar.observeOnUnregister(() -> supervisor.get().snapshot());
        // a timeout so long that only the flag may fail a check, not a slow machine
        Map<String, Object> config = healthFlagged(tiny("health"), HealthFlag.UNHEALTHY, flag, "10s");
        supervisor.set(supervisor("health", registrar, config));
        RecordingRegistrar.Entry first = awaitRegistered(supervisor.get(), registrar);

        Files.createFile(flag);
        awaitUntil(() -> first.live().get() ? null : Boolean.TRUE);

        StatusSnapshot seen = (StatusSnapshot) first.observedOnUnregister().get();
        assertThat(seen.state()).isEqualTo(PluginState.UNHEALTHY);
        assertThat(seen.lastFailure()).contains("health check").contains("UNAVAILABLE");

        Files.delete(flag);
        RecordingRegistrar.Entry again = awaitUntil(registrar::current);
        assertThat(again.property(PluginProperties.PLUGIN_INSTANCE_ID))
                .isEqualTo(first.property(PluginProperties.PLUGIN_INSTANCE_ID));
    }

    @Test
    void healthChecksTurnedOffWhileUnhealthyStillLetThePluginServeAgain(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("unhealthy");
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = healthFlagged(tiny("checks-off"), HealthFlag.UNHEALTHY, flag, "10s");
        PluginSupervisor s = supervisor("checks-off", registrar, config);
        RecordingRegistrar.Entry first = awaitRegistered(s, registrar);
        long pid = (Long) first.property(PluginProperties.PLUGIN_PID);
        Files.createFile(flag);
        await(s, st -> st.state() == PluginState.UNHEALTHY);

        Map<String, Object> checksOff = new HashMap<>(config);
        checksOff.put("service.pid", s.pid());
        checksOff.put("health.interval", "0");
        Path refused = dir.resolve("unhealthy.refused");
        s.configure(checksOff);
        // two more refused checks: the answer to at least one came after the update was applied
        long before = Files.size(refused);
        awaitUntil(() -> sizeOf(refused) >= before + 2 ? Boolean.TRUE : null);
        Files.delete(flag);

        RecordingRegistrar.Entry again = awaitUntil(registrar::current);
        assertThat(again.property(PluginProperties.PLUGIN_PID)).isEqualTo(pid);
        await(s, st -> st.state() == PluginState.SERVING);
    }

    @Test
    void whatAJavaPluginPrintsReachesItsRecentLog() throws Exception {
        Map<String, Object> config = tiny("printing");
        config.put("environment", "TINY_PRINT=hello");
        PluginSupervisor s = supervisor("printing", new RecordingRegistrar(), config);
        // System.out and System.err of a Java plugin come over GRPCStdio, not its stderr pipe
        awaitUntil(() -> s.recentLog(100).containsAll(List.of("out: hello", "err: hello")) ? Boolean.TRUE : null);
    }

    @Test
    void adminStopStartAndRestart() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("admin", registrar, tiny("admin"));
        RecordingRegistrar.Entry first = awaitRegistered(s, registrar);
        long firstPid = (Long) first.property(PluginProperties.PLUGIN_PID);
        // stderr is drained apart from stdout: the line may reach the ring after the handshake did
        awaitUntil(() -> s.recentLog(100).stream().anyMatch(line -> line.contains("tiny plugin up"))
                ? Boolean.TRUE : null);

        s.stop();
        await(s, st -> st.state() == PluginState.STOPPED);
        assertThat(registrar.live()).isEmpty();
        awaitDead(firstPid);

        s.start();
        RecordingRegistrar.Entry second = awaitRegistered(s, registrar);
        assertThat(second.property(PluginProperties.PLUGIN_INSTANCE_ID))
                .isNotEqualTo(first.property(PluginProperties.PLUGIN_INSTANCE_ID));

        s.restart();
        // the new incarnation is registered before the old one's service goes: wait until it is alone
        RecordingRegistrar.Entry third = awaitUntil(() -> {
            List<RecordingRegistrar.Entry> live = registrar.live();
            return live.size() == 1 && live.get(0) != second ? live.get(0) : null;
        });
        awaitDead((Long) second.property(PluginProperties.PLUGIN_PID));
        assertThat(third.connection().description().pid()).isEqualTo(third.property(PluginProperties.PLUGIN_PID));
        assertThat(s.snapshot().state()).isEqualTo(PluginState.SERVING);
        assertThat(s.snapshot().restarts()).as("admin restarts are not failures").isZero();
    }

    @Test
    void anAdminRestartRetriesAConfigurationThatWasInvalid(@TempDir Path dir) throws Exception {
        Path socketDir = dir.resolve("not-yet");
        Map<String, Object> config = tiny("retried");
        config.put("socket.dir", socketDir.toString());
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("retried", registrar, config);
        assertThat(await(s, st -> st.state() == PluginState.FAILED).lastFailure())
                .contains("socket.dir").contains("is not an existing directory");

        Files.createDirectory(socketDir);
        s.restart();

        awaitRegistered(s, registrar);
    }

    @Test
    void pluginsWithSocketDirectoriesOfTheirOwnShareTheRuntimesProcessThreads(@TempDir Path dir) throws Exception {
        List<Path> socketDirs = new ArrayList<>();
        List<PluginSupervisor> started = new ArrayList<>();
        long spawnersAtFirst = 0;
        long reapersAtFirst = 0;
        for (int i = 0; i < 4; i++) {
            Path socketDir = Files.createDirectory(dir.resolve("s" + i));
            socketDirs.add(socketDir);
            Map<String, Object> config = tiny("own-dir-" + i);
            config.put("socket.dir", socketDir.toString());
            RecordingRegistrar registrar = new RecordingRegistrar();
            started.add(supervisor("own-dir-" + i, registrar, config));
            awaitRegistered(started.get(i), registrar);
            try (var entries = Files.list(socketDir)) {
                assertThat(entries.toList()).as("the private socket directory of the plugin serving from " + socketDir)
                        .singleElement()
                        .satisfies(entry -> assertThat(entry.getFileName().toString()).startsWith("rpcp"));
            }
            if (i == 0) {
                spawnersAtFirst = threadsNamed("rpcplugin-spawner");
                reapersAtFirst = threadsNamed("rpcplugin-reaper");
            }
        }

        // the runtime's one spawner and reaper, not one each per socket.dir (each used to get a host of its own)
        assertThat(threadsNamed("rpcplugin-spawner")).isLessThanOrEqualTo(spawnersAtFirst);
        assertThat(threadsNamed("rpcplugin-reaper")).isLessThanOrEqualTo(reapersAtFirst);

        for (PluginSupervisor s : started) {
            s.close().get(20, TimeUnit.SECONDS);
        }
        for (Path socketDir : socketDirs) {
            try (var entries = Files.list(socketDir)) {
                assertThat(entries.toList()).as("left in " + socketDir).isEmpty();
            }
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    @Test
    void aConfigurationThatStartsAnotherProcessAbortsAStartThatHangs() {
        Map<String, Object> hanging = tiny("superseded");
        hanging.put("command", new String[] {"/bin/sleep", "600"}); // never prints a handshake line
        hanging.put("start.timeout", "10m"); // far beyond WAIT: only an abort lets the fix start in time
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("superseded", registrar, hanging);
        long hangingPid = await(s, st -> st.state() == PluginState.HANDSHAKING && st.startingPid() > 0).startingPid();

        Map<String, Object> fixed = tiny("superseded");
        fixed.put("service.pid", s.pid());
        s.configure(fixed);

        awaitRegistered(s, registrar);
        awaitDead(hangingPid);
        assertThat(s.snapshot().restarts()).as("an abandoned start is no failure").isZero();
        assertThat(s.snapshot().lastFailure()).isNull();
    }

    @Test
    void aConfigurationThatKeepsTheProcessLetsTheStartUnderWayFinish(@TempDir Path dir) {
        Path go = dir.resolve("go");
        Map<String, Object> config = waitingFor(go, tiny("kept")); // exec keeps the pid
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("kept", registrar, config);
        long startingPid = await(s, st -> st.state() == PluginState.HANDSHAKING && st.startingPid() > 0).startingPid();

        Map<String, Object> ranked = new HashMap<>(config);
        ranked.put("service.pid", s.pid());
        ranked.put("service.ranking", 7);
        s.configure(ranked);
        createFile(go);

        RecordingRegistrar.Entry entry = awaitUntil(() -> {
            RecordingRegistrar.Entry current = registrar.current();
            return current != null && Integer.valueOf(7).equals(current.property(PluginProperties.SERVICE_RANKING))
                    ? current : null;
        });
        assertThat(entry.property(PluginProperties.PLUGIN_PID)).as("the process whose start was under way")
                .isEqualTo(startingPid);
        assertThat(s.snapshot().restarts()).isZero();
    }

    @Test
    void aStartAbortedForANewerConfigurationIsNoFailureEvenIfTheOldOneComesBack(@TempDir Path dir) {
        Path go = dir.resolve("go");
        Map<String, Object> config = waitingFor(go, tiny("back"));
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("back", registrar, config);
        long firstPid = await(s, st -> st.state() == PluginState.HANDSHAKING && st.startingPid() > 0).startingPid();

        Map<String, Object> other = new HashMap<>(config);
        other.put("service.pid", s.pid());
        other.put("environment", "ANOTHER_PROCESS=1");
        s.configure(other); // aborts the start under way
        Map<String, Object> back = new HashMap<>(config);
        back.put("service.pid", s.pid());
        s.configure(back); // before the aborted start has noticed
        createFile(go);

        awaitRegistered(s, registrar);
        awaitDead(firstPid);
        assertThat(s.snapshot().lastFailure()).as("an abandoned start is no failure").isNull();
        assertThat(s.snapshot().restarts()).isZero();
    }

    @Test
    void theSameFailingUpdateDeliveredAgainIsStillRetried(@TempDir Path dir) throws Exception {
        Path tries = dir.resolve("tries");
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("redelivered");
        PluginSupervisor s = supervisor("redelivered", registrar, config);
        awaitRegistered(s, registrar);
        Map<String, Object> failing = new HashMap<>(config);
        failing.put("service.pid", s.pid());
        failing.put("command", throughShell("echo x >> '" + tries + "'; exit 3", new String[0]));
        failing.put("restart.backoff.initial", "200ms");
        failing.put("restart.backoff.max", "200ms");
        s.configure(failing);
        await(s, st -> st.toDto().outdated && st.toDto().nextAttempt > 0);

        long triesBefore = lineCount(tries);
        s.configure(new HashMap<>(failing)); // the same configuration once more (config:update, say)

        // two more: at least one was started after the configuration came again
        awaitUntil(() -> lineCount(tries) >= triesBefore + 2 ? Boolean.TRUE : null);
        assertThat(s.snapshot().toDto().outdated).isTrue();
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How TinyPlugin answers its health checks while a flag file exists. */
    enum HealthFlag {
        /** fails them with UNAVAILABLE ({@code TINY_UNHEALTHY_FLAG}) */
        UNHEALTHY("TINY_UNHEALTHY_FLAG"),
        /** leaves them unanswered ({@code TINY_SILENT_HEALTH_FLAG}) */
        SILENT("TINY_SILENT_HEALTH_FLAG");

        final String variable;

        HealthFlag(String variable) {
            this.variable = variable;
        }
    }

    /** The configuration checked every 50 ms with the given timeout, its plugin's health driven by {@code flag}. */
    private static Map<String, Object> healthFlagged(Map<String, Object> config, HealthFlag kind, Path flag,
            String timeout) {
        config.put("health.interval", "50ms");
        config.put("health.timeout", timeout);
        config.put("environment", kind.variable + "=" + flag);
        return config;
    }

    /** The configuration with its command waiting, before it execs the plugin, until {@code go} exists. */
    private static Map<String, Object> waitingFor(Path go, Map<String, Object> config) {
        List<String> waiting = new ArrayList<>(List.of("/bin/sh", "-c",
                "while [ ! -e \"$0\" ]; do sleep 0.02; done; exec \"$@\"", go.toString()));
        waiting.addAll(List.of((String[]) config.get("command")));
        config.put("command", waiting.toArray(new String[0]));
        config.put("start.timeout", "10m");
        return config;
    }

    private static void createFile(Path file) {
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMissingWorkingDirectoryIsRetriedUntilItIsMade(@TempDir Path dir) throws Exception {
        Path workingDir = dir.resolve("not-yet");
        Map<String, Object> config = tiny("waiting");
        config.put("working.dir", workingDir.toString());
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("waiting", registrar, config);
        assertThat(await(s, st -> st.state() == PluginState.BACKING_OFF).lastFailure())
                .contains("the working directory " + workingDir + " of plugin waiting does not exist");

        Files.createDirectory(workingDir);

        awaitRegistered(s, registrar);
    }

    @Test
    void restartPolicyNeverFailsWhenTheProcessExits() {
        Map<String, Object> config = tiny("never");
        config.put("environment", "TINY_EXIT_AFTER_MS=1500 TINY_EXIT_CODE=3");
        config.put("restart.policy", "never");
        PluginSupervisor s = supervisor("never", new RecordingRegistrar(), config);
        StatusSnapshot failed = await(s, st -> st.state() == PluginState.FAILED);
        assertThat(failed.lastFailure()).contains("exit status 3").contains("restart.policy never");
        assertThat(failed.restarts()).isZero();
    }

    @Test
    void aCleanExitIsNotAFailureUnderOnFailure() {
        Map<String, Object> config = tiny("clean");
        config.put("environment", "TINY_EXIT_AFTER_MS=1500 TINY_EXIT_CODE=0");
        PluginSupervisor s = supervisor("clean", new RecordingRegistrar(), config);
        StatusSnapshot stopped = await(s, st -> st.state() == PluginState.STOPPED);
        assertThat(stopped.lastFailure()).contains("ended on its own with exit status 0");
    }

    @Test
    void restartsWithBackoffThenGivesUpAfterRestartMax() {
        Map<String, Object> config = tiny("flaky");
        config.put("command", new String[] {"sh", "-c", "echo about to fail >&2; exit 3"});
        config.put("restart.max", 2);
        // BACKING_OFF lasts 1 s, then 2 s, so that the poll below sees it on a loaded machine too
        config.put("restart.backoff.initial", "1s");
        config.put("restart.backoff.max", "2s");
        PluginSupervisor s = supervisor("flaky", new RecordingRegistrar(), config);
        await(s, st -> st.state() == PluginState.BACKING_OFF && st.nextAttempt() > 0);
        StatusSnapshot failed = await(s, st -> st.state() == PluginState.FAILED);
        assertThat(failed.lastFailure()).startsWith("gave up after 2 restart(s) in a row (restart.max)")
                .contains("EXITED_BEFORE_HANDSHAKE");
        assertThat(failed.restarts()).isEqualTo(2);
        assertThat(s.recentLog(10)).contains("about to fail");
    }

    @Test
    void aMissingExecutableFailsAtOnceWithoutRestarts() {
        Map<String, Object> config = tiny("missing");
        config.put("command", "/no/such/plugin --serve");
        PluginSupervisor s = supervisor("missing", new RecordingRegistrar(), config);
        StatusSnapshot failed = await(s, st -> st.state() == PluginState.FAILED);
        assertThat(failed.lastFailure()).contains("EXECUTABLE_NOT_FOUND").contains("/no/such/plugin");
        assertThat(failed.restarts()).isZero();
    }

    @Test
    void aConfiguredServiceMissingFromReflectionWithdrawsTheServiceAndFailsWithoutRestart() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        AtomicReference<PluginSupervisor> supervisor = new AtomicReference<>();
        registrar.observeOnUnregister(() -> supervisor.get().snapshot().state());
        Map<String, Object> config = tiny("unserved");
        config.put("grpc.service", new String[] {"tiny.Missing"}); // TinyPlugin serves reflection, no app service
        supervisor.set(supervisor("unserved", registrar, config));
        StatusSnapshot failed = await(supervisor.get(), st -> st.state() == PluginState.FAILED);
        assertThat(failed.lastFailure()).contains("does not serve the configured grpc.service [tiny.Missing]")
                .contains("withdrawn");
        assertThat(failed.restarts()).isZero();
        // FAILED is published before the service goes
        awaitUntil(() -> registrar.live().isEmpty() ? Boolean.TRUE : null);
        assertThat(registrar.all()).as("registrations (no restart)").hasSizeLessThanOrEqualTo(1);
        registrar.all().forEach(e -> {
            assertThat(e.observedOnUnregister()).as("status as the service went").hasValue(PluginState.FAILED);
            awaitDead((Long) e.property(PluginProperties.PLUGIN_PID));
        });
    }

    @Test
    void anInvalidUpdateLeavesThePreviousConfigurationServingUntilAValidOneStarts() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("updated");
        PluginSupervisor s = supervisor("updated", registrar, config);
        RecordingRegistrar.Entry serving = awaitRegistered(s, registrar);
        long oldPid = (Long) serving.property(PluginProperties.PLUGIN_PID);

        config.put("service.pid", s.pid());
        config.put("start.timeout", "soon");
        s.configure(config);
        StatusSnapshot refused = await(s, st -> st.lastFailure() != null);
        assertThat(refused.state()).isEqualTo(PluginState.SERVING);
        assertThat(refused.toDto().outdated).isTrue();
        assertThat(refused.running().pid()).isEqualTo(oldPid);
        assertThat(refused.lastFailure()).contains("start.timeout", "soon",
                "pid " + oldPid + " keeps serving the previous configuration");
        assertThat(serving.live()).isTrue();

        config.put("start.timeout", "25s"); // not the served configuration again, which would need no swap
        s.configure(config);
        RecordingRegistrar.Entry updated = awaitUntil(
                () -> registrar.current() != serving ? registrar.current() : null);
        StatusSnapshot now = await(s, st -> st.state() == PluginState.SERVING && !st.toDto().outdated);
        assertThat(now.running().pid()).isEqualTo(updated.property(PluginProperties.PLUGIN_PID)).isNotEqualTo(oldPid);
        awaitDead(oldPid);
    }

    @Test
    void anUpdateWhoseConfiguredServiceIsMissingLeavesThePreviousOneServing() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("checked");
        PluginSupervisor s = supervisor("checked", registrar, config);
        RecordingRegistrar.Entry serving = awaitRegistered(s, registrar);
        long oldPid = (Long) serving.property(PluginProperties.PLUGIN_PID);

        Map<String, Object> update = new HashMap<>(config);
        update.put("service.pid", s.pid());
        update.put("grpc.service", "tiny.Missing");
        s.configure(update);

        StatusSnapshot refused = await(s, st -> st.lastFailure() != null);
        assertThat(refused.state()).isEqualTo(PluginState.SERVING);
        assertThat(refused.toDto().outdated).isTrue();
        assertThat(refused.running().pid()).isEqualTo(oldPid);
        assertThat(refused.lastFailure()).contains("failed its service check", "tiny.Missing",
                "pid " + oldPid + " keeps serving the previous configuration");
        assertThat(serving.live()).isTrue();
        assertThat(registrar.live()).hasSize(1);
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive)).hasValue(true);
    }

    @Test
    void theRestartsAfterTheOldProcessDiesCountApartFromTheUpdatesTries() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("counted");
        config.put("restart.max", "1");
        PluginSupervisor s = supervisor("counted", registrar, config);
        long oldPid = (Long) awaitRegistered(s, registrar).property(PluginProperties.PLUGIN_PID);

        Map<String, Object> update = new HashMap<>(config);
        update.put("service.pid", s.pid());
        update.put("command", throughShell("echo 'cannot open the database' >&2; exit 3", new String[0]));
        s.configure(update);
        await(s, st -> st.lastFailure() != null && st.lastFailure().contains("gave up after 1 attempt(s)"));
        awaitUntil(() -> s.recentLog(100).contains("--- pid " + oldPid + " ---") ? Boolean.TRUE : null);
        List<String> log = s.recentLog(100);
        int updateLine = log.indexOf("cannot open the database");
        assertThat(updateLine).as("the update's stderr line in %s", log).isPositive();
        assertThat(log.get(updateLine - 1)).as("the update's lines are told from the serving process's: %s", log)
                .matches("--- pid [0-9]+ ---").isNotEqualTo("--- pid " + oldPid + " ---");

        ProcessHandle.of(oldPid).ifPresent(ProcessHandle::destroyForcibly);

        // a restart of its own, as a new configuration gets, before restart.max gives up
        StatusSnapshot failed = await(s, st -> st.state() == PluginState.FAILED);
        assertThat(failed.lastFailure()).startsWith("gave up after 1 restart(s) in a row (restart.max)")
                .contains("exit code 3", "cannot open the database");
        assertThat(failed.restarts()).isEqualTo(1);
    }

    @Test
    void aConsumersSlowUnbindAfterAnExitHoldsNeitherTheStatusNorTheRestart() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("slow-unbind", registrar, tiny("slow-unbind"));
        RecordingRegistrar.Entry first = awaitRegistered(s, registrar);
        long firstPid = (Long) first.property(PluginProperties.PLUGIN_PID);
        CountDownLatch unbindMayReturn = new CountDownLatch(1);
        registrar.observeOnUnregister(() -> {
            try {
                return unbindMayReturn.await(WAIT.toSeconds() * 2, TimeUnit.SECONDS); // a consumer's unbind
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        try {
            ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);

            StatusSnapshot exited = await(s, st -> st.state() != PluginState.SERVING);
            assertThat(exited.lastFailure()).contains("the process exited", "SIGKILL");
            RecordingRegistrar.Entry second = awaitUntil(() -> registrar.all().size() == 2 ? registrar.all().get(1) : null);
            assertThat((Long) second.property(PluginProperties.PLUGIN_PID)).as("restarted").isNotEqualTo(firstPid);
            assertThat(first.live().get()).as("the unbind still runs").isTrue();
        } finally {
            unbindMayReturn.countDown();
        }
        awaitUntil(() -> first.live().get() ? null : Boolean.TRUE);
        await(s, st -> st.state() == PluginState.SERVING);
    }

    @Test
    void aPluginThatNamesNoServiceIsNamedInAWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeOutputStream(original, seen), true, StandardCharsets.UTF_8));
        try {
            RecordingRegistrar registrar = new RecordingRegistrar();
            awaitRegistered(supervisor("nameless", registrar, tiny("nameless")), registrar);
            awaitUntil(() -> seen.toString(StandardCharsets.UTF_8).contains("plugin nameless names no gRPC service:"
                    + " it has no reflection service that lists any, and grpc.service is not configured") ? Boolean.TRUE
                    : null);
        } finally {
            System.setErr(original);
        }
    }

    /** Writes to both. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        TeeOutputStream(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }
    }

    @Test
    void aChangeOfWhatOnlyTheHostUsesKeepsTheProcessAndUpdatesTheRegistration() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("in-place");
        config.put("region", "eu");
        PluginSupervisor s = supervisor("in-place", registrar, config);
        RecordingRegistrar.Entry serving = awaitRegistered(s, registrar);
        long pid = (Long) serving.property(PluginProperties.PLUGIN_PID);
        assertThat(serving.property("region")).isEqualTo("eu");

        Map<String, Object> update = new HashMap<>(config);
        update.put("service.pid", s.pid());
        update.put("service.ranking", "30");
        update.put("region", "us");
        update.put("log.lines", "7");
        update.put("restart.max", "2");
        update.put("drain.timeout", "1s");
        update.put("health.interval", "100ms");
        s.configure(update);

        awaitUntil(() -> Integer.valueOf(30).equals(serving.property(PluginProperties.SERVICE_RANKING)) ? Boolean.TRUE
                : null);
        assertThat(serving.property("region")).isEqualTo("us");
        assertThat(registrar.all()).as("no new registration").containsExactly(serving);
        assertThat(serving.live()).isTrue();
        StatusSnapshot now = await(s, st -> st.state() == PluginState.SERVING);
        assertThat(now.running().pid()).as("the same process").isEqualTo(pid);
        assertThat(now.toDto().outdated).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        Map<String, Object> process = new HashMap<>(update);
        process.put("environment", "TINY_CHANGED=1");
        s.configure(process);
        RecordingRegistrar.Entry swapped = awaitUntil(() -> registrar.all().size() == 2 ? registrar.all().get(1) : null);
        assertThat((Long) swapped.property(PluginProperties.PLUGIN_PID)).as("a new process").isNotEqualTo(pid);
        assertThat(swapped.property("region")).isEqualTo("us");
    }

    @Test
    void theServedConfigurationPutBackEndsTheOutdatedStateWithoutASwap() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("restored");
        PluginSupervisor s = supervisor("restored", registrar, config);
        RecordingRegistrar.Entry serving = awaitRegistered(s, registrar);
        long pid = (Long) serving.property(PluginProperties.PLUGIN_PID);
        Map<String, Object> broken = new HashMap<>(config);
        broken.put("service.pid", s.pid());
        broken.put("start.timeout", "soon");
        s.configure(broken);
        await(s, st -> st.toDto().outdated);

        Map<String, Object> restored = new HashMap<>(config);
        restored.put("service.pid", s.pid());
        s.configure(restored);

        StatusSnapshot now = await(s, st -> !st.toDto().outdated);
        assertThat(now.state()).isEqualTo(PluginState.SERVING);
        assertThat(now.running().pid()).isEqualTo(pid);
        assertThat(registrar.all()).containsExactly(serving);
    }

    @Test
    void aStoppedPluginWhoseConfigurationBecameInvalidGivesItsNameUp() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("named");
        PluginSupervisor first = supervisor("first", registrar, config);
        awaitRegistered(first, registrar);
        config.put("service.pid", first.pid());
        config.put("start.timeout", "soon");
        first.configure(config);
        await(first, st -> st.lastFailure() != null);

        first.stop();
        await(first, st -> st.state() == PluginState.STOPPED);

        RecordingRegistrar other = new RecordingRegistrar();
        PluginSupervisor second = supervisor("second", other, tiny("named"));
        awaitRegistered(second, other);
    }

    @Test
    void anUpdateThatCannotStartLeavesThePreviousOneServingAndItsExitStartsNoEarlierConfiguration() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("unstartable");
        PluginSupervisor s = supervisor("unstartable", registrar, config);
        RecordingRegistrar.Entry serving = awaitRegistered(s, registrar);
        long oldPid = (Long) serving.property(PluginProperties.PLUGIN_PID);

        Map<String, Object> broken = new HashMap<>(config);
        broken.put("service.pid", s.pid());
        broken.put("command", new String[] {"/no/such/plugin"});
        s.configure(broken);
        StatusSnapshot refused = await(s, st -> st.lastFailure() != null);
        assertThat(refused.state()).isEqualTo(PluginState.SERVING);
        assertThat(refused.toDto().outdated).isTrue();
        assertThat(refused.command()).as("what runs").isEqualTo(List.of((String[]) config.get("command")));
        assertThat(refused.lastFailure()).contains("the updated configuration did not start", "EXECUTABLE_NOT_FOUND",
                "pid " + oldPid + " keeps serving the previous configuration");
        assertThat(refused.toDto().nextAttempt).as("a missing executable is not tried again").isZero();
        assertThat(serving.live()).isTrue();

        ProcessHandle.of(oldPid).ifPresent(ProcessHandle::destroyForcibly);

        StatusSnapshot failed = await(s, st -> st.state() == PluginState.FAILED);
        assertThat(failed.lastFailure()).contains("EXECUTABLE_NOT_FOUND", "/no/such/plugin");
        assertThat(failed.command()).containsExactly("/no/such/plugin");
        assertThat(registrar.live()).isEmpty();
        assertThat(tinyPlugins()).as("the earlier configuration is not started again").isEmpty();
    }

    @Test
    void anUpdateThatFailsToStartIsTriedAgainWhileThePreviousOneServes(@TempDir Path dir) {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("retried");
        PluginSupervisor s = supervisor("retried", registrar, config);
        RecordingRegistrar.Entry serving = awaitRegistered(s, registrar);
        long oldPid = (Long) serving.property(PluginProperties.PLUGIN_PID);

        Path ready = dir.resolve("ready");
        Map<String, Object> update = new HashMap<>(config);
        String[] command = (String[]) config.get("command");
        // exits 3 until the test's word, then serves
        String[] gated = throughShell("[ -e '" + ready + "' ] || exit 3; exec \"$@\"", command);
        update.put("command", gated);
        update.put("service.pid", s.pid());
        s.configure(update);

        StatusSnapshot refused = await(s, st -> st.lastFailure() != null && st.toDto().nextAttempt > 0);
        assertThat(refused.state()).isEqualTo(PluginState.SERVING);
        assertThat(refused.running().pid()).isEqualTo(oldPid);
        assertThat(refused.lastFailure()).contains("exit code 3", "keeps serving the previous configuration");
        assertThat(serving.live()).isTrue();

        try {
            Files.createFile(ready);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StatusSnapshot updated = await(s, st -> st.state() == PluginState.SERVING && !st.toDto().outdated);
        assertThat(updated.running().pid()).isNotEqualTo(oldPid);
        assertThat(updated.command()).isEqualTo(List.of(gated));
        awaitDead(oldPid);
    }

    @Test
    void aHealthCheckCutOffByTheProcessDyingIsNoHealthFailure(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("silent");
        Path asked = dir.resolve("silent.asked");
        // only the process's death may end the check
        Map<String, Object> config = healthFlagged(tiny("cut-off"), HealthFlag.SILENT, flag, "1m");
        RecordingRegistrar registrar = new RecordingRegistrar();
        AtomicReference<PluginSupervisor> supervisor = new AtomicReference<>();
        registrar.observeOnUnregister(() -> supervisor.get().snapshot());
        supervisor.set(supervisor("cut-off", registrar, config));
        PluginSupervisor s = supervisor.get();
        RecordingRegistrar.Entry first = awaitRegistered(s, registrar);
        long pid = (Long) first.property(PluginProperties.PLUGIN_PID);
        createFile(flag);
        awaitUntil(() -> Files.exists(asked) ? Boolean.TRUE : null); // a check is under way, unanswered

        Files.delete(flag); // the next process answers
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);

        awaitUntil(() -> first.live().get() ? null : Boolean.TRUE);
        StatusSnapshot atUnregister = (StatusSnapshot) first.observedOnUnregister().get();
        assertThat(atUnregister.state()).as("the status when the service went").isNotEqualTo(PluginState.UNHEALTHY);
        StatusSnapshot restarting = await(s, st -> st.lastFailure() != null && st.state() != PluginState.SERVING);
        assertThat(restarting.lastFailure()).contains("the process exited").doesNotContain("health check");
        awaitUntil(() -> registrar.current() != first && registrar.current() != null ? Boolean.TRUE : null);
    }

    @Test
    void aPluginUnhealthyLongerThanHealthRestartAfterIsReplaced(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("hung");
        Map<String, Object> config = healthFlagged(tiny("hung"), HealthFlag.SILENT, flag, "200ms");
        config.put("health.restart.after", "1s");
        config.put("start.timeout", "5s"); // a start that still meets the flag fails soon, and is tried again
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("hung", registrar, config);
        RecordingRegistrar.Entry first = awaitRegistered(s, registrar);
        long hungPid = (Long) first.property(PluginProperties.PLUGIN_PID);

        createFile(flag); // it hangs, as far as its health checks can tell

        StatusSnapshot replaced = await(s, st -> st.lastFailure() != null && st.lastFailure().startsWith("unhealthy"));
        Files.delete(flag);
        assertThat(replaced.lastFailure()).contains("(health.restart.after 1000 ms); the last health check of"
                + " service \"plugin\" got no answer within health.timeout (200 ms, DEADLINE_EXCEEDED)");
        awaitDead(hungPid);
        long newPid = awaitUntil(() -> {
            RecordingRegistrar.Entry current = registrar.current();
            return current != null && current != first ? (Long) current.property(PluginProperties.PLUGIN_PID) : null;
        });
        assertThat(newPid).isNotEqualTo(hungPid);
        assertThat(s.snapshot().restarts()).isPositive();
    }

    @Test
    void aPluginThatHangsAgainAfterServingLongEnoughIsReplacedAgainDespiteRestartMax(@TempDir Path dir)
            throws Exception {
        Path flag = dir.resolve("hangs");
        Map<String, Object> config = healthFlagged(tiny("hangs"), HealthFlag.SILENT, flag, "200ms");
        config.put("health.restart.after", "500ms");
        config.put("restart.max", "1");
        // the replacement starts 1 s after: time enough to take the flag away before it is asked
        config.put("restart.backoff.initial", "1s");
        config.put("restart.backoff.max", "1s");
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("hangs", registrar, config);
        RecordingRegistrar.Entry serving = awaitRegistered(s, registrar);

        for (int hang = 1; hang <= 2; hang++) {
            RecordingRegistrar.Entry hung = serving;
            // serves longer than restart.backoff.max before it hangs: not a restart in a row any more
            Instant since = hung.connection().description().startTime();
            awaitUntil(() -> Instant.now().isAfter(since.plusMillis(1200)) ? Boolean.TRUE : null);
            long failedBefore = s.snapshot().lastFailureTime();
            createFile(flag);
            await(s, st -> st.lastFailureTime() > failedBefore && st.lastFailure().startsWith("unhealthy"));
            Files.delete(flag);
            serving = awaitUntil(() -> {
                RecordingRegistrar.Entry current = registrar.current();
                return current != null && current != hung ? current : null;
            });
        }
        assertThat(s.snapshot().state()).isEqualTo(PluginState.SERVING);
        assertThat(s.snapshot().restarts()).isEqualTo(2);
    }

    @Test
    void aHealthCheckWithoutAnAnswerSaysItWaitedOutTheTimeout(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("silent");
        Map<String, Object> config = healthFlagged(tiny("no-answer"), HealthFlag.SILENT, flag, "300ms");
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("no-answer", registrar, config);
        awaitRegistered(s, registrar);

        createFile(flag);

        StatusSnapshot unhealthy = await(s, st -> st.state() == PluginState.UNHEALTHY);
        assertThat(unhealthy.lastFailure()).isEqualTo("health check of service \"plugin\" got no answer within"
                + " health.timeout (300 ms, DEADLINE_EXCEEDED)");
    }

    @Test
    void aProcessEndedOnPurposeIsLoggedWithTheReason() throws Exception {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            RecordingRegistrar registrar = new RecordingRegistrar();
            PluginSupervisor s = supervisor("ended", registrar, tiny("ended"));
            long first = (Long) awaitRegistered(s, registrar).property(PluginProperties.PLUGIN_PID);
            s.restart();
            long second = awaitUntil(() -> {
                RecordingRegistrar.Entry current = registrar.current();
                Long pid = current == null ? null : (Long) current.property(PluginProperties.PLUGIN_PID);
                return pid != null && pid != first && registrar.live().size() == 1 ? pid : null;
            });
            s.stop();
            await(s, st -> st.state() == PluginState.STOPPED);

            String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(log).contains("plugin ended: ending pid " + first + ": replaced by pid " + second,
                    "plugin ended: ending pid " + second + ": stop requested (plugin:stop or PluginAdmin.stop)");
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void anAdminRestartWhoseProcessDoesNotStartLeavesTheOldOneCheckedUntilItServesAgain(@TempDir Path dir)
            throws Exception {
        Path flag = dir.resolve("unhealthy");
        Map<String, Object> config = healthFlagged(tiny("rechecked"), HealthFlag.UNHEALTHY, flag, "10s");
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("rechecked", registrar, config);
        RecordingRegistrar.Entry first = awaitRegistered(s, registrar);
        createFile(flag);
        await(s, st -> st.state() == PluginState.UNHEALTHY);

        s.restart(); // the new process meets the flag too: its start fails, the old one stays
        await(s, st -> st.lastFailure() != null && st.lastFailure().startsWith("a new incarnation did not start"));
        Files.delete(flag);

        RecordingRegistrar.Entry again = awaitUntil(registrar::current);
        assertThat(again.property(PluginProperties.PLUGIN_INSTANCE_ID))
                .isEqualTo(first.property(PluginProperties.PLUGIN_INSTANCE_ID));
    }

    @Test
    void aPluginThatRefusesTheMagicCookieFailsWithoutRestarts() {
        Map<String, Object> config = tiny("cookie");
        config.put("magic.cookie.value", "not-" + TinyPlugin.COOKIE_VALUE);
        PluginSupervisor s = supervisor("cookie", new RecordingRegistrar(), config);

        StatusSnapshot failed = await(s, st -> st.state() == PluginState.FAILED);

        assertThat(failed.lastFailure()).contains("MAGIC_COOKIE_REFUSED", "missing or wrong magic cookie");
        assertThat(failed.restarts()).isZero();
        assertThat(failed.nextAttempt()).isZero();
    }

    @Test
    void anInvalidConfigurationAfterARetryingUpdateShowsNoNextAttempt() {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("no-retry");
        PluginSupervisor s = supervisor("no-retry", registrar, config);
        long oldPid = (Long) awaitRegistered(s, registrar).property(PluginProperties.PLUGIN_PID);
        Map<String, Object> failing = new HashMap<>(config);
        failing.put("service.pid", s.pid());
        failing.put("command", throughShell("exit 3", new String[0]));
        failing.put("restart.backoff.initial", "1m"); // the retry stays due while the test looks
        failing.put("restart.backoff.max", "1m");
        s.configure(failing);
        await(s, st -> st.toDto().outdated && st.toDto().nextAttempt > 0);

        Map<String, Object> invalid = new HashMap<>(failing);
        invalid.put("auto.mtsl", "true");
        s.configure(invalid);

        StatusSnapshot refused = await(s, st -> st.lastFailure() != null && st.lastFailure().contains("auto.mtsl"));
        assertThat(refused.toDto().outdated).isTrue();
        assertThat(refused.toDto().nextAttempt).as("the retry of the update was cancelled").isZero();
        assertThat(refused.running().pid()).isEqualTo(oldPid);
    }

    @Test
    void aNameIsUsedOnceAndPassesOnWhenReleased() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor owner = supervisor("one", registrar, tiny("shared"));
        awaitRegistered(owner, registrar);
        RecordingRegistrar second = new RecordingRegistrar();
        PluginSupervisor waiting = supervisor("two", second, tiny("shared"));
        assertThat(await(waiting, st -> st.state() == PluginState.FAILED).lastFailure())
                .isEqualTo("configuration " + waiting.pid() + " cannot use the plugin name shared, which configuration "
                        + owner.pid() + " already uses");
        // both are listed as "shared": the refused one is found by its configuration, the name the owner's
        PluginAdminComponent admin = new PluginAdminComponent(runtime);
        assertThat(admin.get("shared")).map(st -> st.configuration).contains(owner.pid());
        assertThat(admin.get("two")).map(st -> st.configuration).contains(waiting.pid());
        assertThat(admin.get(waiting.pid())).map(st -> st.state).contains(PluginState.FAILED);
        assertThat(admin.get("three")).isEmpty();

        supervisors.remove(owner);
        owner.close().get(20, TimeUnit.SECONDS);
        assertThat(registrar.live()).isEmpty();
        awaitRegistered(waiting, second);
    }

    @Test
    void aConfigurationCreatedAgainWhileItsDeletedTwinStillStopsWaitsForTheNameWithoutFailing() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        // holds the deleted configuration's teardown in its unregistration, before it gives the name up
        CountDownLatch unregistering = new CountDownLatch(1);
        CountDownLatch mayUnregister = new CountDownLatch(1);
        registrar.observeOnUnregister(() -> {
            unregistering.countDown();
            try {
                return mayUnregister.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        PluginSupervisor deleted = supervisor("again", registrar, tiny("again"));
        long oldPid = (Long) awaitRegistered(deleted, registrar).property(PluginProperties.PLUGIN_PID);

        // as Configuration Admin and DS do when etc/dev.rpcplugin.plugin-again.cfg is removed and written again
        supervisors.remove(deleted);
        runtime.registry().remove(deleted);
        CompletableFuture<Void> closed = deleted.close();
        assertThat(unregistering.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        RecordingRegistrar second = new RecordingRegistrar();
        PluginSupervisor created = supervisor("again", second, tiny("again"));

        StatusSnapshot waiting = await(created, st -> st.name().equals("again")); // its configuration was read
        assertThat(waiting.state()).isEqualTo(PluginState.STARTING);
        assertThat(waiting.lastFailure()).isNull();

        mayUnregister.countDown();
        RecordingRegistrar.Entry serving = awaitRegistered(created, second);
        closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(serving.property(PluginProperties.PLUGIN_PID)).isNotEqualTo(oldPid);
        assertThat(created.snapshot().lastFailure()).isNull();
    }

    @Test
    void aRenamedPluginKeepsItsOldNameUntilItsOldIncarnationIsGone() throws Exception {
        RecordingRegistrar first = new RecordingRegistrar();
        RecordingRegistrar second = new RecordingRegistrar();
        // whether the first configuration still had a service named "shared" when the second registered one
        second.observeOnRegister(() -> first.live().stream()
                .anyMatch(e -> "shared".equals(e.property(PluginProperties.PLUGIN_NAME))));
        PluginSupervisor renamed = supervisor("one", first, tiny("shared"));
        RecordingRegistrar.Entry old = awaitRegistered(renamed, first);
        PluginSupervisor waiting = supervisor("two", second, tiny("shared"));
        await(waiting, st -> st.state() == PluginState.FAILED);

        // the new incarnation takes seconds to start, while the old one serves under the old name
        Map<String, Object> update = slow(tiny("other"));
        update.put("service.pid", renamed.pid());
        renamed.configure(update);

        RecordingRegistrar.Entry taken = awaitRegistered(waiting, second);
        assertThat(taken.observed()).as("the old incarnation still served as \"shared\"").isEqualTo(false);
        assertThat(old.live()).isFalse();
        assertThat(await(renamed, st -> st.state() == PluginState.SERVING).name()).isEqualTo("other");
    }

    @Test
    void aStopAfterARestartWasAskedForStartsNothing() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("stop-wins", registrar, slow(tiny("stop-wins")));
        awaitRegistered(s, registrar);

        s.restart();
        s.stop();

        await(s, st -> st.state() == PluginState.STOPPED);
        assertThat(registrar.all()).as("registrations").hasSize(1);
        assertThat(registrar.live()).isEmpty();
    }

    @Test
    void aProcessThatDiesWhileItsReplacementStartsIsNoLongerShownServing(@TempDir Path dir) throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("swapped", registrar, tiny("swapped"));
        long oldPid = (Long) awaitRegistered(s, registrar).property(PluginProperties.PLUGIN_PID);
        Path began = dir.resolve("began");
        Path go = dir.resolve("go");
        Map<String, Object> update = tiny("swapped");
        String[] command = (String[]) update.get("command");
        // the replacement waits for the test's word
        String[] gated = throughShell(": > '" + began + "'; while [ ! -e '" + go + "' ]; do sleep 0.02; done;"
                + " exec \"$@\"", command);
        update.put("command", gated);
        update.put("service.pid", s.pid());
        s.configure(update);
        awaitUntil(() -> Files.exists(began) ? Boolean.TRUE : null);
        long replacement = awaitUntil(() -> s.replacementPid() > 0 ? s.replacementPid() : null);
        assertThat(replacement).isNotEqualTo(oldPid);
        assertThat(s.snapshot().running().pid()).as("the serving one, while its replacement starts")
                .isEqualTo(oldPid);

        ProcessHandle.of(oldPid).ifPresent(ProcessHandle::destroyForcibly);

        StatusSnapshot between = await(s, st -> st.state() != PluginState.SERVING);
        assertThat(between.state()).isEqualTo(PluginState.STARTING);
        assertThat(between.running()).isNull();
        assertThat(between.lastFailure()).contains("pid " + oldPid, "exit status 137 (signal 9, SIGKILL)", "replacement");
        assertThat(registrar.live()).isEmpty();
        Files.createFile(go);
        long newPid = (Long) awaitRegistered(s, registrar).property(PluginProperties.PLUGIN_PID);
        assertThat(newPid).isNotEqualTo(oldPid).isEqualTo(replacement); // the shell exec'd the plugin
        assertThat(s.replacementPid()).isEqualTo(-1);
        assertThat(s.snapshot().running().pid()).isEqualTo(newPid);
    }

    @Test
    void aPluginServingAgainKeepsItsLastFailure() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("recovering", registrar, tiny("recovering"));
        long oldPid = (Long) awaitRegistered(s, registrar).property(PluginProperties.PLUGIN_PID);
        assertThat(s.snapshot().lastFailure()).isNull();
        assertThat(s.snapshot().toDto().lastFailureTime).isZero();
        long before = System.currentTimeMillis();

        ProcessHandle.of(oldPid).ifPresent(ProcessHandle::destroyForcibly);

        StatusSnapshot again = await(s, st -> st.state() == PluginState.SERVING && st.running() != null
                && st.running().pid() != oldPid);
        assertThat(again.restarts()).isEqualTo(1);
        assertThat(again.lastFailure()).contains("exit status 137 (signal 9, SIGKILL)");
        assertThat(again.toDto().lastFailureTime).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void aPluginAwaitingItsHandshakeShowsItsPid(@TempDir Path dir) throws Exception {
        Path began = dir.resolve("began");
        Path go = dir.resolve("go");
        Map<String, Object> config = tiny("awaited");
        String[] command = (String[]) config.get("command");
        // prints nothing until the test's word, then serves
        String[] gated = throughShell("echo $$ > '" + began + ".tmp'; mv '" + began + ".tmp' '" + began + "'; "
                + "while [ ! -e '" + go + "' ]; do sleep 0.02; done; exec \"$@\"", command);
        config.put("command", gated);
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("awaited", registrar, config);
        long pid = awaitUntil(() -> Files.exists(began) ? Long.valueOf(readTrimmed(began)) : null);

        StatusSnapshot handshaking = await(s, st -> st.state() == PluginState.HANDSHAKING);
        assertThat(handshaking.running()).isNull();
        assertThat(handshaking.toDto().pid).isEqualTo(pid);

        Files.createFile(go);
        awaitRegistered(s, registrar);
        assertThat(s.snapshot().toDto().pid).isEqualTo(pid); // the shell exec'd the plugin
        s.stop();
        assertThat(await(s, st -> st.state() == PluginState.STOPPED).toDto().pid).isEqualTo(-1);
    }

    private static String readTrimmed(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStopWhileTheServicesAreListedEndsTheListingAtOnce(@TempDir Path dir) throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        Path asked = dir.resolve("asked");
        Map<String, Object> config = tiny("listing");
        config.put("environment", "TINY_SILENT_REFLECTION=" + asked);
        config.put("health.timeout", "2m"); // the listing's deadline: the stop must not wait for it
        PluginSupervisor s = supervisor("listing", registrar, config);
        awaitUntil(() -> Files.exists(asked) ? Boolean.TRUE : null);
        long pid = Long.parseLong(Files.readString(asked));

        s.stop();

        await(s, st -> st.state() == PluginState.STOPPED);
        assertThat(registrar.all()).as("registrations").isEmpty();
        awaitDead(pid);
    }

    @Test
    void closeUnregistersAndEndsProcessAndSocketDirectory() throws Exception {
        RecordingRegistrar registrar = new RecordingRegistrar();
        PluginSupervisor s = supervisor("closing", registrar, tiny("closing"));
        RecordingRegistrar.Entry entry = awaitRegistered(s, registrar);
        long pid = (Long) entry.property(PluginProperties.PLUGIN_PID);
        Path socket = Path.of(entry.connection().description().address());
        assertThat(socket).exists();

        supervisors.remove(s);
        s.close().get(20, TimeUnit.SECONDS);

        assertThat(registrar.live()).isEmpty();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(socket).doesNotExist();
        assertThat(s.snapshot().state()).isEqualTo(PluginState.STOPPED);
    }

    @Test
    void deactivationKillsAPluginWhoseTeardownOutlastsTheWaitInsteadOfWaitingOutItsStopGrace() throws Exception {
        runtime.deactivate();
        runtime = new PluginRuntime(Duration.ofSeconds(1));
        runtime.activate();
        RecordingRegistrar registrar = new RecordingRegistrar();
        Map<String, Object> config = tiny("stubborn");
        config.put("environment", "TINY_IGNORE_SHUTDOWN=1"); // its teardown waits out the whole stop grace
        config.put("stop.grace", "10m");
        PluginSupervisor s = supervisor("stubborn", registrar, config);
        long pid = (Long) awaitRegistered(s, registrar).property(PluginProperties.PLUGIN_PID);

        supervisors.remove(s);
        CompletableFuture<Void> closed = s.close(); // as PluginComponent.deactivate does
        runtime.track(closed);
        long began = System.nanoTime();
        runtime.deactivate();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        runtime = new PluginRuntime();
        runtime.activate();

        assertThat(took).as("deactivate, with a teardown wait of 1 s").isLessThan(Duration.ofSeconds(30));
        assertThat(closed).isDone();
        assertThat(registrar.live()).isEmpty();
        // the interrupted teardown sent SIGKILL without waiting for the reaping, which may come just after
        awaitDead(pid);
    }

    private PluginSupervisor supervisor(String alias, RecordingRegistrar registrar, Map<String, Object> config) {
        PluginSupervisor s = new PluginSupervisor("dev.rpcplugin.plugin~" + alias, runtime, registrar);
        supervisors.add(s);
        runtime.registry().add(s);
        Map<String, Object> props = new HashMap<>(config);
        props.put("service.pid", s.pid());
        s.configure(props);
        return s;
    }

    static Map<String, Object> tiny(String name) {
        Map<String, Object> p = new HashMap<>();
        p.put("name", name);
        p.put("command", new String[] {Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            TinyPlugin.class.getName()});
        p.put("magic.cookie.key", TinyPlugin.COOKIE_KEY);
        p.put("magic.cookie.value", TinyPlugin.COOKIE_VALUE);
        p.put("restart.backoff.initial", "50ms");
        p.put("restart.backoff.max", "200ms");
        p.put("health.interval", "0");
        p.put("drain.timeout", "0");
        p.put("stop.grace", "2s");
        p.put("start.timeout", "20s");
        return p;
    }

    /** {@code command} run by {@code /bin/sh -c script}, which ends in {@code exec "$@"}. */
    private static String[] throughShell(String script, String[] command) {
        String[] wrapped = new String[command.length + 4];
        wrapped[0] = "/bin/sh";
        wrapped[1] = "-c";
        wrapped[2] = script;
        wrapped[3] = "sh";
        System.arraycopy(command, 0, wrapped, 4, command.length);
        return wrapped;
    }

    /** The same plugin started through a shell that first sleeps for two seconds. */
    private static Map<String, Object> slow(Map<String, Object> config) {
        String[] command = (String[]) config.get("command");
        String[] slow = throughShell("sleep 2; exec \"$@\"", command);
        config.put("command", slow);
        return config;
    }

    private static RecordingRegistrar.Entry awaitRegistered(PluginSupervisor s, RecordingRegistrar registrar) {
        RecordingRegistrar.Entry entry = awaitUntil(registrar::current);
        await(s, st -> st.state() == PluginState.SERVING);
        return entry;
    }

    private static StatusSnapshot await(PluginSupervisor s, Predicate<StatusSnapshot> condition) {
        return awaitUntil(() -> condition.test(s.snapshot()) ? s.snapshot() : null);
    }

    private static void awaitDead(long pid) {
        awaitUntil(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null : Boolean.TRUE);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> T awaitUntil(Supplier<T> probe) {
        return awaitUntil(probe, WAIT, () -> "condition not met");
    }

    /** The probe's first non-null value; fails with {@code what} when there is none within {@code limit}. */
    static <T> T awaitUntil(Supplier<T> probe, Duration limit, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(what.get() + " (waited " + limit + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * The tiny plugin processes below this JVM. Their arguments are read from {@code /proc/PID/cmdline}:
     * {@code ProcessHandle.Info} gives none for a command line longer than a page, as this class path makes it.
     */
    static List<ProcessHandle> tinyPlugins() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> arguments(p.pid()).contains(TinyPlugin.class.getName()))
                .toList();
    }

    /** A process's arguments from {@code /proc/PID/cmdline}; empty once it ended. */
    static List<String> arguments(long pid) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(new String(cmdline, StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException e) {
            return List.of(); // ended meanwhile
        }
    }
}
