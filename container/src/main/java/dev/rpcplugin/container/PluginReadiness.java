package dev.rpcplugin.container;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;

/**
 * Waits, bounded, until the runtime's {@code PluginAdmin} reports every configured plugin SERVING.
 * The admin service and its DTOs are read by reflection (public DTO fields {@code name}, {@code state},
 * {@code lastFailure}).
 */
final class PluginReadiness {

    static final String ADMIN = "dev.rpcplugin.api.PluginAdmin";
    /** The bundle that registers {@link #ADMIN}. */
    static final String RUNTIME_BUNDLE = "dev.rpcplugin.runtime";
    static final String SERVING = "SERVING";
    private static final long POLL_MILLIS = 100;

    /** One plugin as {@code PluginAdmin.list()} describes it. */
    record PluginRow(String name, String state, String lastFailure) {

        boolean serving() {
            return SERVING.equals(state);
        }

        /** SERVING, or a state the runtime leaves only on a configuration change or a command. */
        boolean settled() {
            return serving() || "FAILED".equals(state) || "STOPPED".equals(state);
        }
    }

    /** The outcome of a wait: the admin service was found or not, and the last rows seen. */
    record Outcome(boolean runtimePresent, boolean ready, List<PluginRow> rows) {
    }

    private final BundleContext context;

    PluginReadiness(BundleContext context) {
        this.context = context;
    }

    /**
     * Waits at most {@code bound} until at least {@code expected} plugins are listed and all of them
     * are SERVING, or settled without a pending retry (FAILED, STOPPED).
     */
    Outcome await(int expected, Duration bound) throws InterruptedException, LaunchException {
        long deadline = System.nanoTime() + bound.toNanos();
        Optional<ServiceLookup.Found> admin = ServiceLookup.await(context, ADMIN, bound);
        if (admin.isEmpty()) {
            return new Outcome(false, false, List.of());
        }
        Method list = listMethod(admin.get());
        while (true) {
            List<PluginRow> rows = rows(list, admin.get().service());
            boolean known = rows.size() >= expected;
            boolean ready = known && rows.stream().allMatch(PluginRow::serving);
            boolean settled = known && rows.stream().allMatch(PluginRow::settled);
            if (settled || System.nanoTime() - deadline >= 0) {
                return new Outcome(true, ready, rows);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static Method listMethod(ServiceLookup.Found admin) throws LaunchException {
        try {
            return admin.load(ADMIN).getMethod("list");
        } catch (ReflectiveOperationException e) {
            throw new LaunchException("the plugin runtime's " + ADMIN + " has no list(): " + e, e);
        }
    }

    private static List<PluginRow> rows(Method list, Object admin) throws LaunchException {
        try {
            List<PluginRow> rows = new ArrayList<>();
            for (Object dto : (List<?>) list.invoke(admin)) {
                rows.add(new PluginRow(field(dto, "name"), field(dto, "state"), field(dto, "lastFailure")));
            }
            return rows;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new LaunchException("cannot list plugins through " + ADMIN + ": " + GogoSession.describe(e), e);
        }
    }

    private static String field(Object dto, String name) throws ReflectiveOperationException {
        Object value = dto.getClass().getField(name).get(dto);
        return value == null ? null : value.toString();
    }
}
