package dev.rpcplugin.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every active plugin configuration, and which one owns each plugin name (names are unique, so that
 * {@code plugin.name} and the admin's lookups are unambiguous). Thread-safe, lock-free.
 */
final class SupervisorRegistry {

    private final Set<PluginSupervisor> all = ConcurrentHashMap.newKeySet();
    private final Map<String, PluginSupervisor> owners = new ConcurrentHashMap<>();

    void add(PluginSupervisor supervisor) {
        all.add(supervisor);
    }

    void remove(PluginSupervisor supervisor) {
        all.remove(supervisor);
    }

    List<PluginSupervisor> all() {
        return new ArrayList<>(all);
    }

    /**
     * Claims a name.
     *
     * @return {@code supervisor} if the name is now its own, else the current owner
     */
    PluginSupervisor claim(String name, PluginSupervisor supervisor) {
        PluginSupervisor owner = owners.putIfAbsent(name, supervisor);
        return owner == null ? supervisor : owner;
    }

    /** Gives a name up and tells the others, one of which may be waiting for it. */
    void release(String name, PluginSupervisor supervisor) {
        if (owners.remove(name, supervisor)) {
            for (PluginSupervisor other : all()) {
                if (other != supervisor) {
                    other.nameReleased(name);
                }
            }
        }
    }

    /**
     * The plugin with this name: its owner, else a configuration showing that name (e.g. an invalid
     * one), else the configuration with that PID or that name after the PID's {@code ~}.
     */
    Optional<PluginSupervisor> byName(String name) {
        PluginSupervisor owner = owners.get(name);
        if (owner != null) {
            return Optional.of(owner);
        }
        List<PluginSupervisor> all = all();
        return all.stream().filter(s -> s.snapshot().name().equals(name)).findFirst()
                .or(() -> all.stream().filter(s -> name.equals(s.pid())
                        || s.pid().endsWith("~" + name)).findFirst());
    }
}
