package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginState;
import dev.rpcplugin.client.ExitStatus;
import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.StartPhase;
import dev.rpcplugin.runtime.internal.PluginSettings.RestartPolicy;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one configured plugin: start, serve, watch, restart with backoff, swap on update, stop.
 * Every event runs on this plugin's {@link SerialExecutor}, so the fields below are confined to it
 * (volatile ones are also read by other threads); no lock is held while a service is registered or
 * unregistered. Blocking steps (the client's start, reflection when no services are configured) run
 * there too, on a pool thread, never on a framework thread; teardowns run on the pool and are tracked
 * by the {@link PluginRuntime}.
 *
 * <p>The status leads the registry: it says SERVING before the service is registered, and the state
 * that follows (with the failure) before the service is unregistered, so that whoever sees the service
 * come or go, and then asks for the status, sees it agree. The one exception is a process exit, which
 * unregisters at once on the thread that saw it; the status follows on this executor (without waiting
 * for that unregistration, whose consumer callbacks may take long), or on that thread when this
 * executor is busy swapping in the exited process's replacement.
 */
final class PluginSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(PluginSupervisor.class);
    /** How often an unhealthy plugin is asked once health checks were turned off. */
    private static final Duration RECHECK_UNHEALTHY = Duration.ofSeconds(1);
    private static final VarHandle SNAPSHOT;
    // how long a health check that lost its connection waits for the process's exit before it counts
    private static final Duration EXIT_AFTER_LOST_CONNECTION = Duration.ofSeconds(1);

    private final String pid;
    private final PluginRuntime runtime;
    private final ConnectionRegistrar registrar;
    private final SerialExecutor serial;
    private final LineRing log = new LineRing(0);
    private final Timer timer;
    private final Timer updateRetry; // an update that did not start, retried while the previous one serves
    private int updateFailures; // of the current configuration's update in a row
    // the incarnation a swap replaced, kept serving until the new one's configured services are confirmed
    private Incarnation outgoing;

    private final IncarnationStarter starter;
    private final NameClaim name;

    private volatile boolean closed;
    private volatile StatusSnapshot snapshot; // compare-and-set through SNAPSHOT by exitedWhileReplaced
    // the incarnation being replaced while a swap's start blocks this executor
    private volatile Incarnation replacing;
    // counts stop() and close() calls: a start asked for before the latest of them does not happen
    private final AtomicLong stops = new AtomicLong();
    // the latest configuration received, parsed on arrival (null while invalid): a start of settings that
    // would start another process is superseded by it, and aborted instead of running to its end
    private volatile PluginSettings latest;
    private volatile StartUnderWay starting; // null when no start is under way
    private final Object configurations = new Object(); // orders the writes of latest as their applies

    private Map<String, ?> properties;
    private PluginSettings settings; // null while the configuration is invalid or its name is taken
    private String displayName;
    private boolean wanted = true;
    private Incarnation current;
    private int failuresInRow;
    private int restarts;
    private long nextAttempt;
    private String lastFailure;
    private long lastFailureTime;
    private long startingPid = -1; // the process of the start under way, once it exists
    // the process of a new incarnation starting while the current one serves; apart from the snapshot,
    // which a swap leaves showing the serving one
    private volatile long replacementPid = -1;
    // why there are no settings to start (invalid configuration, name taken), and the state that gives
    // once no incarnation serves: FAILED, or STARTING while the name is awaited
    private String unusableCause;
    private PluginState unusableState;

    static {
        try {
            SNAPSHOT = MethodHandles.lookup().findVarHandle(PluginSupervisor.class, "snapshot", StatusSnapshot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    PluginSupervisor(String pid, PluginRuntime runtime, ConnectionRegistrar registrar) {
        this.pid = pid;
        this.runtime = runtime;
        this.registrar = registrar;
        this.serial = new SerialExecutor(runtime.pool(), "plugin configuration " + pid);
        this.timer = new Timer(runtime.timer(), serial, () -> closed);
        this.updateRetry = new Timer(runtime.timer(), serial, () -> closed);
        this.starter = new IncarnationStarter(runtime, log);
        this.name = new NameClaim(runtime.registry(), this);
        this.displayName = pid;
        this.snapshot = new StatusSnapshot(pid, PluginState.STARTING, List.of(), List.of(), null, -1, 0, 0, null, 0,
                false);
    }

    /** The process of a new incarnation starting while the current one serves (a swap), or -1. */
    long replacementPid() {
        return replacementPid;
    }

    String pid() {
        return pid;
    }

    StatusSnapshot snapshot() {
        return snapshot;
    }

    List<String> recentLog(int maxLines) {
        return log.last(maxLines);
    }

    /**
     * A new or updated configuration; returns at once. A start under way that it supersedes (one that
     * hangs in its handshake, say) is aborted, so that the new configuration does not wait for its timeout.
     */
    void configure(Map<String, ?> newProperties) {
        long asked = stops.get();
        Map<String, ?> props = Map.copyOf(newProperties);
        PluginSettings newer = parsedOrNull(props);
        StartUnderWay underWay;
        synchronized (configurations) { // latest is the configuration queued last, whichever thread came first
            latest = newer;
            underWay = starting;
            serial.execute(() -> apply(props, asked));
        }
        if (underWay != null && supersedes(newer, underWay.settings)) {
            underWay.superseded = true; // for good: a configuration coming back later does not undo the abort
            starter.abort(underWay); // after the flag: see IncarnationStarter#abort
        }
    }

    // One start; once superseded by a newer configuration it is aborted, never counted as a failure.
    private static final class StartUnderWay {
        final PluginSettings settings;
        volatile boolean superseded;

        StartUnderWay(PluginSettings settings) {
            this.settings = settings;
        }
    }

    private static PluginSettings parsedOrNull(Map<String, ?> props) {
        try {
            return SettingsParser.parse(props);
        } catch (InvalidConfigurationException e) {
            return null; // apply() reports it; the start under way, if any, goes on
        }
    }

    private static boolean supersedes(PluginSettings newer, PluginSettings started) {
        return newer != null && !newer.startsTheSameProcessAs(started);
    }

    /** Admin: start a stopped or failed plugin; returns at once. */
    void start() {
        long asked = stops.get();
        serial.execute(() -> {
            if (stops.get() != asked) {
                return; // a stop() came after this
            }
            wanted = true;
            if (settings == null) {
                if (properties != null) {
                    apply(properties, asked); // retry: the name may be free now
                }
            } else if (current == null) {
                timer.cancel();
                failuresInRow = 0;
                launch(settings, false, asked);
            }
        });
    }

    /** Admin: unregister and end the process; stays stopped until started. Returns at once. */
    void stop() {
        stops.incrementAndGet(); // before the abort: see IncarnationStarter#abort
        starter.abort();
        serial.execute(() -> {
            wanted = false;
            timer.cancel();
            updateRetry.cancel();
            retireOutgoing();
            nextAttempt = 0;
            Incarnation inc = current;
            current = null;
            if (inc == null) {
                publish(PluginState.STOPPED);
                return;
            }
            publish(PluginState.STOPPING);
            retire(inc, "stop requested (plugin:stop or PluginAdmin.stop)").thenRun(() -> serial.execute(() -> {
                if (!wanted && current == null && !closed) {
                    if (settings == null) {
                        name.release(); // it served an earlier configuration; the current one holds no name
                    }
                    publish(PluginState.STOPPED);
                }
            }));
        });
    }

    /** Admin: a new incarnation, swapped in like an update when one is running. Returns at once. */
    void restart() {
        long asked = stops.get();
        serial.execute(() -> {
            if (stops.get() != asked) {
                return; // a stop() came after this
            }
            if (settings == null) {
                if (properties != null) {
                    wanted = true;
                    apply(properties, asked); // as start(): what made it invalid (a directory, the name) may be fixed
                }
                return;
            }
            wanted = true;
            if (current == null) {
                timer.cancel(); // a pending restart; with an incarnation, the timer checks its health
            }
            updateRetry.cancel();
            failuresInRow = 0;
            launch(settings, current != null, asked);
        });
    }

    /** Another configuration released a plugin name; retry if this one waits for it. */
    void nameReleased(String released) {
        long asked = stops.get();
        serial.execute(() -> {
            if (name.awaits(released) && properties != null && !closed) {
                apply(properties, asked);
            }
        });
    }

    /**
     * Ends everything: no start after this, the service unregistered, the process torn down.
     *
     * @return completed when the teardown is done
     */
    CompletableFuture<Void> close() {
        return close("its configuration is gone");
    }

    /**
     * As {@link #close()}.
     *
     * @param why why the process (if any) is ended, for the log
     */
    CompletableFuture<Void> close(String why) {
        closed = true;
        stops.incrementAndGet();
        starter.abort();
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> {
            timer.cancel();
            updateRetry.cancel();
            retireOutgoing();
            Incarnation inc = current;
            current = null;
            publish(PluginState.STOPPING);
            CompletableFuture<Void> retired = inc == null ? CompletableFuture.completedFuture(null) : retire(inc, why);
            name.release(); // after the service went: another configuration may take the name at once
            retired.whenComplete((v, e) -> {
                snapshot = withState(PluginState.STOPPED);
                done.complete(null);
            });
        });
        return done;
    }

    private void apply(Map<String, ?> props, long asked) {
        if (closed) {
            return;
        }
        properties = props;
        displayName = SettingsParser.displayName(props);
        PluginSettings next;
        try {
            next = SettingsParser.parse(props);
        } catch (InvalidConfigurationException e) {
            settingsChanged();
            settings = null;
            unusable("invalid configuration " + pid + ": " + e.getMessage(), PluginState.FAILED);
            return;
        }
        if (next.equals(settings)) {
            return; // delivered again (config:update, say): a retry of the update stays due
        }
        settingsChanged();
        // a renamed plugin keeps its old name while its old incarnation serves under it
        Incarnation running = current;
        PluginSupervisor holder = name.claim(next.name(),
                running != null && !running.settings().name().equals(next.name()));
        if (holder != null) {
            settings = null;
            if (holder.closed) {
                // a deleted configuration (often this one, deleted and created again) whose teardown has
                // not yet unregistered its service: nameReleased() starts this one once it has
                LOG.info("plugin {}: waiting for the name, which the removed configuration {} holds until its"
                        + " service is unregistered", next.name(), holder.pid());
                unusable(null, PluginState.STARTING);
            } else {
                // name this configuration too: the failure is listed under the name the other one holds
                unusable("configuration " + pid() + " cannot use the plugin name " + next.name()
                        + ", which configuration " + holder.pid() + " already uses", PluginState.FAILED);
            }
            return;
        }
        settings = next;
        log.resize(next.logLines());
        failuresInRow = 0;
        if (running != null && next.equals(running.settings())) {
            publish(servingState(running)); // the configuration it serves came back: nothing to swap
            return;
        }
        if (running != null && next.startsTheSameProcessAs(running.settings())) {
            // only what the host does changed: the process, and the state it holds, stay
            Duration checkedEvery = running.settings().healthInterval();
            running.adopt(next);
            if (!next.healthInterval().equals(checkedEvery)) {
                timer.cancel();
                watchHealth(running); // the next check at the new interval, not after the old one
            }
            LOG.info("plugin {}: configuration updated; it starts the same process, which goes on serving",
                    next.name());
            publish(servingState(running));
            return;
        }
        if (!wanted) {
            publish(PluginState.STOPPED);
        } else if (current != null) {
            LOG.info("plugin {}: configuration updated, swapping in a new incarnation", next.name());
            launch(next, true, asked);
        } else {
            timer.cancel();
            launch(next, false, asked);
        }
    }

    private void settingsChanged() {
        updateRetry.cancel();
        updateFailures = 0;
        retireOutgoing(); // a change while the last swap's services are checked: the new incarnation stays
    }

    // Without settings to start, a serving incarnation keeps serving: it goes only for one that started. With
    // none, the plugin is FAILED with the cause, or waits for its name (STARTING), and gives its names up.
    private void unusable(String cause, PluginState withoutIncarnation) {
        unusableCause = cause;
        unusableState = withoutIncarnation;
        Incarnation inc = current;
        if (inc == null) {
            withoutSettings();
            return;
        }
        nextAttempt = 0; // apply() cancelled the retry of an earlier update, if one was due
        if (cause != null) {
            failed(cause + keepsServing(inc, true));
            LOG.error("plugin {}: {}", inc.settings().name(), lastFailure);
        }
        publish(servingState(inc));
    }

    private void withoutSettings() {
        if (unusableState == PluginState.FAILED) {
            failWithdrawing(unusableCause);
        } else {
            withdrawing(() -> publish(unusableState));
        }
        name.release(); // after the service went: another configuration may take the name at once
    }

    private static PluginState servingState(Incarnation inc) {
        return inc.registered() ? PluginState.SERVING : PluginState.UNHEALTHY;
    }

    // Starts an incarnation; when swapping, the current one serves until the new one is registered.
    // Not when a stop() or close() came after the start was asked for (asked: the stop count then).
    private void launch(PluginSettings s, boolean swapping, long asked) {
        StartUnderWay start = new StartUnderWay(s);
        start.superseded = supersedes(latest, s);
        BooleanSupplier cancelled = () -> closed || stops.get() != asked || start.superseded;
        if (cancelled.getAsBoolean()) {
            return; // the stop or configuration that came after it is queued behind this and settles the state
        }
        retireOutgoing();
        Incarnation old = swapping ? current : null;
        nextAttempt = 0;
        if (!swapping) {
            publish(PluginState.STARTING);
        }
        replacing = old;
        if (old != null && old.client().hasExited()) { // its listener ran before the field was set
            exitedWhileReplaced(old, exitCode(old.client()));
        }
        IncarnationStarter.Outcome outcome;
        starting = start;
        if (supersedes(latest, s)) { // read after publishing: configure() saw this start, or this sees its settings
            start.superseded = true;
        }
        try {
            outcome = starter.start(start, s, cancelled, (phase, processId) -> {
                if (swapping) {
                    replacementPid = processId;
                } else {
                    startingPid = processId;
                    publish(phase == StartPhase.HANDSHAKING ? PluginState.HANDSHAKING : PluginState.CONNECTING);
                }
            }, () -> {
                if (!swapping) {
                    publish(PluginState.CONNECTING);
                }
            }, pid);
        } finally {
            starting = null;
            replacing = null;
            startingPid = -1;
            replacementPid = -1;
        }
        if (outcome instanceof IncarnationStarter.Failed failed) {
            if (old != null && old == current && !old.client().hasExited()) {
                keepServing(old, s, failed, asked);
                return;
            }
            Incarnation replaced = old != null && old == current ? old : null;
            if (replaced != null) {
                current = null;
            }
            if (failed.permanent()) {
                fail(failed.cause());
            } else {
                restartOrFail(s, failed.cause());
            }
            if (replaced != null) {
                retire(replaced);
            }
            return;
        }
        if (!(outcome instanceof IncarnationStarter.Started started)) {
            // aborted by stop() or close(), which tear down what runs, or by a newer configuration
            if (start.superseded) {
                LOG.info("plugin {}: the start under way was abandoned for the updated configuration", s.name());
            }
            return;
        }
        Incarnation fresh = started.incarnation();
        PluginClient client = fresh.client();
        client.addExitListener((plugin, code) -> {
            if (replacing == fresh) {
                exitedWhileReplaced(fresh, code);
            }
            ConnectionRegistrar.Registration registered = fresh.endTakingRegistration();
            // handed on first: a consumer's slow unbind must hold neither the status nor the restart
            serial.execute(() -> exited(fresh, code));
            if (registered != null) {
                registered.unregister(); // at once, on this thread
            }
        });
        if (cancelled.getAsBoolean()) {
            retire(fresh);
            return;
        }
        current = fresh;
        boolean registered = registerServing(fresh);
        if (started.checkServices()) {
            // asked only now: the call's own start-up cost would otherwise delay the registration
            ServiceCheck.list(s.name(), client, s.healthTimeout())
                    .thenAccept(listed -> serial.execute(() -> servicesListed(fresh, listed)));
        }
        if (old != null && started.checkServices()) {
            outgoing = old; // until the new one's services are confirmed (servicesListed)
        } else if (old != null) {
            retire(old, "replaced by pid " + client.pid()); // only now: consumers had the new registration first
        }
        if (registered) {
            updateFailures = 0;
            LOG.info("plugin {} serving: pid {}, instance {}, {} {}, services {}", s.name(), client.pid(),
                    fresh.description().instanceId(), client.network(), client.address(),
                    fresh.description().services());
            if (fresh.description().services().isEmpty()) {
                LOG.warn("plugin {} names no gRPC service: it has no reflection service that lists any, and"
                        + " grpc.service is not configured; consumers that filter on grpc.service will not find"
                        + " it", s.name());
            }
        }
        watchHealth(fresh);
    }

    // A new incarnation did not start while the current one serves: that one goes on serving. An update
    // that may start later (not a permanent failure) is tried again with the restart backoff.
    private void keepServing(Incarnation old, PluginSettings s, IncarnationStarter.Failed failed, long asked) {
        boolean update = !old.settings().equals(s);
        String cause = (update ? "the updated configuration did not start: " : "a new incarnation did not start: ")
                + failed.cause() + keepsServing(old, update);
        failed(cause);
        if (!update || failed.permanent() || s.restartPolicy() == RestartPolicy.NEVER) {
            LOG.error("plugin {}: {}", s.name(), cause);
        } else if (s.maxRestarts() >= 0 && updateFailures >= s.maxRestarts()) {
            failed(cause + "; gave up after " + s.maxRestarts() + " attempt(s) in a row (restart.max)");
            LOG.error("plugin {}: {}", s.name(), lastFailure);
        } else {
            updateFailures++;
            Duration delay = Backoff.delay(s.backoffInitial(), s.backoffMax(), updateFailures);
            nextAttempt = System.currentTimeMillis() + delay.toMillis();
            LOG.warn("plugin {}: {}; trying the update again in {} ms", s.name(), cause, delay.toMillis());
            updateRetry.schedule(delay, () -> {
                if (stops.get() == asked && current == old && s.equals(settings)) {
                    launch(s, true, asked);
                }
            });
        }
        publish(servingState(old));
        watchHealth(old); // its checks go on: it may recover, or hang (health.restart.after)
    }

    // The configured services were registered before the plugin's reflection service was asked: a plugin
    // that lacks one is a configuration error, so its service goes at once and it is FAILED, not restarted;
    // after a swap, the incarnation it replaced serves on instead, if it still can.
    private void servicesListed(Incarnation inc, Optional<List<String>> listed) {
        if (inc != current || closed) {
            return; // retired meanwhile, and with it what it replaced
        }
        String missing = ServiceCheck.missing(inc.settings().name(), inc.settings().services(), listed);
        if (missing == null) {
            retireOutgoing();
            return;
        }
        Incarnation previous = outgoing;
        outgoing = null;
        if (previous == null || previous.client().hasExited() || !previous.registered()) {
            if (previous != null) {
                retire(previous);
            }
            failWithdrawing(missing + "; its service was withdrawn");
            return;
        }
        current = previous;
        retire(inc);
        boolean update = !previous.settings().equals(settings);
        failed((update ? "the updated configuration failed its service check: " : "a new incarnation failed its"
                + " service check: ") + missing + keepsServing(previous, update));
        LOG.error("plugin {}: {}", inc.settings().name(), lastFailure);
        publish(PluginState.SERVING);
        watchHealth(previous);
    }

    private static String keepsServing(Incarnation inc, boolean earlierConfiguration) {
        return "; pid " + inc.description().pid() + " keeps serving"
                + (earlierConfiguration ? " the previous configuration" : "");
    }

    private void retireOutgoing() {
        Incarnation previous = outgoing;
        outgoing = null;
        if (previous != null) {
            Incarnation successor = current;
            retire(previous, successor == null ? "replaced" : "replaced by pid " + successor.description().pid());
        }
    }

    // On the exit listener's thread: the swap's start holds this executor for up to start.timeout, and
    // the status must not say SERVING meanwhile. Only replaces a status that still shows this incarnation.
    private void exitedWhileReplaced(Incarnation inc, OptionalInt code) {
        StatusSnapshot seen = snapshot;
        if (seen.running() != inc.description()) {
            return;
        }
        String cause = "the process (pid " + inc.description().pid() + ") ended with "
                + "exit status " + ExitStatus.describe(code)
                + " while its replacement was starting";
        StatusSnapshot starting = new StatusSnapshot(seen.name(), PluginState.STARTING, seen.command(),
                seen.services(), null, -1, seen.restarts(), 0, cause, System.currentTimeMillis(), false);
        SNAPSHOT.compareAndSet(this, seen, starting); // lost to this executor: it knows better by then
    }

    private static OptionalInt exitCode(PluginClient exited) {
        try {
            OptionalInt code = exited.awaitExit(Duration.ZERO);
            return code != null ? code : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    private void exited(Incarnation inc, OptionalInt code) {
        if (inc != current || closed) {
            return; // a retired incarnation, or teardown in progress
        }
        takeOutOfService(inc, "its process exited"); // logs nothing: it is not running
        String what = "exit status " + ExitStatus.describe(code);
        if (!wanted) {
            publish(PluginState.STOPPED);
            return;
        }
        PluginSettings s = settings; // a restart uses the configuration, even if it did not start before
        if (s == null) {
            withoutSettings(); // it served a configuration that was changed to one that cannot start
            return;
        }
        boolean clean = code.isPresent() && code.getAsInt() == 0;
        if (clean && s.restartPolicy() != RestartPolicy.ALWAYS) {
            failed("the process ended on its own with exit status 0");
            LOG.info("plugin {} ended on its own (exit status 0); not restarted (restart.policy {})", s.name(),
                    s.restartPolicy());
            publish(PluginState.STOPPED);
            return;
        }
        restartAfter(inc, s, Instant.now(), "the process exited (" + what + ")");
    }

    // No more checks, retries or swaps for it; its process is ended (logged with why, if it still runs).
    private void takeOutOfService(Incarnation inc, String why) {
        current = null;
        timer.cancel();
        updateRetry.cancel();
        retireOutgoing();
        retire(inc, why);
    }

    // An incarnation that served longer than restart.backoff.max before servedUntil starts the backoff (and
    // restart.max) afresh: failures weeks apart are not restarts in a row.
    private void restartAfter(Incarnation inc, PluginSettings s, Instant servedUntil, String cause) {
        if (Duration.between(inc.description().startTime(), servedUntil).compareTo(s.backoffMax()) >= 0) {
            failuresInRow = 0;
        }
        restartOrFail(s, cause);
    }

    private void restartOrFail(PluginSettings s, String cause) {
        failed(cause);
        if (s.restartPolicy() == RestartPolicy.NEVER) {
            fail(cause + "; not restarted (restart.policy never)");
            return;
        }
        failuresInRow++;
        if (s.maxRestarts() >= 0 && failuresInRow > s.maxRestarts()) {
            fail("gave up after " + s.maxRestarts() + " restart(s) in a row (restart.max); last failure: " + cause);
            return;
        }
        Duration delay = Backoff.delay(s.backoffInitial(), s.backoffMax(), failuresInRow);
        nextAttempt = System.currentTimeMillis() + delay.toMillis();
        LOG.warn("plugin {}: {}; restarting in {} ms (attempt {} in a row)", s.name(), cause, delay.toMillis(),
                failuresInRow);
        publish(PluginState.BACKING_OFF);
        long asked = stops.get();
        timer.schedule(delay, () -> {
            if (stops.get() == asked) {
                restarts++;
                launch(s, false, asked);
            }
        });
    }

    private void watchHealth(Incarnation inc) {
        Duration interval = inc.settings().healthInterval();
        if (interval.isZero() && (inc.registered() || inc != current)) {
            return;
        }
        // with checks off, an unhealthy one (checks were on before) is still asked until it serves:
        // nothing else would register it again
        timer.schedule(interval.isZero() ? RECHECK_UNHEALTHY : interval, () -> checkHealth(inc));
    }

    private void checkHealth(Incarnation inc) {
        HealthCheck.check(inc.client().channel(), inc.settings().healthTimeout())
                .whenComplete((status, error) -> serial.execute(() -> healthAnswered(inc, status, error)));
    }

    private void healthAnswered(Incarnation inc, ServingStatus status, Throwable error) {
        if (inc != current || closed) {
            return;
        }
        if (status == ServingStatus.SERVING) {
            inc.healthy();
            if (!inc.registered() && registerServing(inc)) {
                LOG.info("plugin {} is serving again; service registered", inc.settings().name());
            }
        } else {
            if (inc.registered()) {
                if (error != null && exitsNow(inc, error)) {
                    return; // the connection went with the process: its exit, handled next, says what happened
                }
                failed(healthFailure(inc.settings(), status, error));
                publish(PluginState.UNHEALTHY);
                inc.unregister();
                LOG.warn("plugin {}: {}; service unregistered until it is SERVING again", inc.settings().name(),
                        lastFailure);
            }
            if (replacedForItsHealth(inc, status, error)) {
                return;
            }
        }
        watchHealth(inc);
    }

    // health.restart.after: a plugin unhealthy that long (one that hangs, say) is replaced as after a crash
    private boolean replacedForItsHealth(Incarnation inc, ServingStatus status, Throwable error) {
        Duration limit = inc.settings().healthRestartAfter();
        Duration unhealthy = inc.unhealthyFor(System.nanoTime());
        if (limit.isZero() || unhealthy.compareTo(limit) < 0) {
            return false;
        }
        if (inc.client().hasExited() || error != null && exitsNow(inc, error)) {
            return true; // it ended: exited(), queued next, handles that as the exit it is
        }
        String cause = "unhealthy for " + unhealthy.toMillis() + " ms (health.restart.after " + limit.toMillis()
                + " ms); the last " + healthFailure(inc.settings(), status, error);
        takeOutOfService(inc, cause);
        PluginSettings s = settings; // as after an exit: the current configuration
        if (s == null) {
            withoutSettings();
        } else {
            restartAfter(inc, s, Instant.now().minus(unhealthy), cause); // how long it served before it hung
        }
        return true;
    }

    // A check cut off by the connection's end comes a moment before the process's exit is noticed. Bounded:
    // a plugin that dropped its connection but lives on is unhealthy.
    private static boolean exitsNow(Incarnation inc, Throwable error) {
        if (io.grpc.Status.fromThrowable(error).getCode() != io.grpc.Status.Code.UNAVAILABLE) {
            return false;
        }
        try {
            return inc.client().awaitExit(EXIT_AFTER_LOST_CONNECTION) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String healthFailure(PluginSettings s, ServingStatus status, Throwable error) {
        String check = "health check of service \"plugin\"";
        if (error == null) {
            return check + " answered " + status;
        }
        io.grpc.Status failure = io.grpc.Status.fromThrowable(error);
        if (failure.getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
            return check + " got no answer within health.timeout (" + s.healthTimeout().toMillis() + " ms, "
                    + failure.getCode() + ")";
        }
        return check + " failed: " + failure.getCode()
                + (failure.getDescription() == null ? "" : " (" + failure.getDescription() + ")");
    }

    // FAILED first, then the service goes (see the class comment)
    private void failWithdrawing(String cause) {
        withdrawing(() -> fail(cause));
    }

    // publishes the new state before the running incarnation (if any) is retired
    private void withdrawing(Runnable publication) {
        timer.cancel();
        retireOutgoing();
        Incarnation inc = current;
        current = null;
        publication.run();
        if (inc != null) {
            retire(inc);
        }
    }

    // Ends a process that still runs for a reason an operator may not see otherwise, saying so.
    private CompletableFuture<Void> retire(Incarnation inc, String why) {
        if (!inc.client().hasExited()) {
            LOG.info("plugin {}: ending pid {}: {}", inc.settings().name(), inc.description().pid(), why);
        }
        return retire(inc);
    }

    private CompletableFuture<Void> retire(Incarnation inc) {
        inc.end();
        name.retired(inc.settings().name());
        return runtime.runTracked(() -> inc.retire(inc.settings().drainTimeout()));
    }

    private void fail(String cause) {
        failed(cause);
        nextAttempt = 0;
        LOG.error("plugin {} FAILED: {}", displayName, cause);
        publish(PluginState.FAILED);
    }

    /**
     * Registers the incarnation's service with the status already SERVING, so that whoever sees the
     * service and then asks for the status sees SERVING too; restores the status if the process ended
     * meanwhile (its exit is handled next on this executor).
     */
    private boolean registerServing(Incarnation inc) {
        StatusSnapshot before = snapshot;
        publish(PluginState.SERVING);
        if (inc.register(registrar)) {
            return true;
        }
        snapshot = before;
        return false;
    }

    private void publish(PluginState state) {
        Incarnation inc = current;
        // what runs: an incarnation of an earlier configuration serves until the current one starts
        PluginSettings s = inc != null ? inc.settings() : settings;
        boolean outdated = inc != null && !inc.settings().equals(settings);
        snapshot = new StatusSnapshot(s != null ? s.name() : displayName, state, s != null ? s.command() : List.of(),
                s != null ? s.services() : List.of(), inc != null ? inc.description() : null, startingPid, restarts,
                state == PluginState.BACKING_OFF || outdated ? nextAttempt : 0, lastFailure, lastFailureTime,
                outdated);
    }

    // kept when the plugin serves again: the restart count needs its reason
    private void failed(String cause) {
        lastFailure = cause;
        lastFailureTime = System.currentTimeMillis();
    }

    private StatusSnapshot withState(PluginState state) {
        StatusSnapshot s = snapshot;
        return new StatusSnapshot(s.name(), state, s.command(), s.services(), null, -1, s.restarts(), 0,
                s.lastFailure(), s.lastFailureTime(), false);
    }
}
