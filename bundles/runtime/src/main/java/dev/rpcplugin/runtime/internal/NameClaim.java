package dev.rpcplugin.runtime.internal;

/**
 * The plugin name one configuration holds in the {@link SupervisorRegistry}, and the name it waits
 * for while another configuration holds it. Used only from the supervisor's serial executor.
 */
final class NameClaim {

    private final SupervisorRegistry registry;
    private final PluginSupervisor owner;
    private String held;
    private String awaited;

    NameClaim(SupervisorRegistry registry, PluginSupervisor owner) {
        this.registry = registry;
        this.owner = owner;
    }

    /**
     * Takes {@code name}, giving up any other name held.
     *
     * @return null when the name is now held, else the configuration PID that holds it
     */
    String claim(String name) {
        if (name.equals(held)) {
            return null;
        }
        PluginSupervisor holder = registry.claim(name, owner);
        release();
        if (holder != owner) {
            awaited = name;
            return holder.pid();
        }
        held = name;
        awaited = null;
        return null;
    }

    /** Gives the held name up (the registry tells the others). */
    void release() {
        if (held != null) {
            String name = held;
            held = null;
            registry.release(name, owner);
        }
    }

    /** Whether this configuration waits for {@code name} to become free. */
    boolean awaits(String name) {
        return name.equals(awaited);
    }
}
