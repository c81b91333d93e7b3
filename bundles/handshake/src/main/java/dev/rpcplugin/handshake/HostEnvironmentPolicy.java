package dev.rpcplugin.handshake;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which of the host's own environment variables a plugin process inherits.
 *
 * <p>{@link #inheritAll()} is go-plugin's behaviour: the whole host environment is passed and
 * overrides the app's per-plugin values (go-plugin issue 162). {@link #allowOnly} passes just the
 * named variables (exact, case-sensitive names), so secrets in the host's environment do not leak
 * into plugins; {@link #none()} is go-plugin's {@code SkipHostEnv}.
 */
public final class HostEnvironmentPolicy {

    private static final HostEnvironmentPolicy INHERIT_ALL = new HostEnvironmentPolicy(null);

    // null means every variable.
    private final Set<String> allowed;

    private HostEnvironmentPolicy(Set<String> allowed) {
        this.allowed = allowed;
    }

    /** go-plugin's default: pass the whole host environment. */
    public static HostEnvironmentPolicy inheritAll() {
        return INHERIT_ALL;
    }

    /** Pass none of the host's variables (go-plugin's {@code SkipHostEnv}). */
    public static HostEnvironmentPolicy none() {
        return allowOnly(Set.of());
    }

    /**
     * Pass only these host variables (those that exist).
     *
     * @throws IllegalArgumentException if a name is empty or contains {@code =} or NUL
     */
    public static HostEnvironmentPolicy allowOnly(Collection<String> names) {
        Set<String> copy = new TreeSet<>();
        for (String name : Objects.requireNonNull(names, "names")) {
            EnvironmentNames.check("host environment allow-list", name, "");
            copy.add(name);
        }
        return new HostEnvironmentPolicy(Collections.unmodifiableSet(copy));
    }

    /** Pass only these host variables (those that exist). */
    public static HostEnvironmentPolicy allowOnly(String... names) {
        return allowOnly(Arrays.asList(names));
    }

    /** Whether the whole host environment is passed. */
    public boolean inheritsAll() {
        return allowed == null;
    }

    /** The allowed names; empty for {@link #inheritAll()} (check {@link #inheritsAll()}) and {@link #none()}. */
    public Set<String> allowedNames() {
        return allowed == null ? Set.of() : allowed;
    }

    /**
     * The host variables this policy passes, sorted by name.
     *
     * @param hostEnvironment the host's environment, typically {@code System.getenv()}
     */
    public Map<String, String> select(Map<String, String> hostEnvironment) {
        Map<String, String> selected = new TreeMap<>();
        hostEnvironment.forEach((name, value) -> {
            if (allowed == null || allowed.contains(name)) {
                selected.put(name, value);
            }
        });
        return selected;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostEnvironmentPolicy that && Objects.equals(allowed, that.allowed);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(allowed);
    }

    @Override
    public String toString() {
        return allowed == null ? "HostEnvironmentPolicy[inherit all]" : "HostEnvironmentPolicy[allow " + allowed + "]";
    }
}
