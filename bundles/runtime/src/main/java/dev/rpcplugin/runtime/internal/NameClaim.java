package dev.rpcplugin.runtime.internal;

/**
 * The plugin name one configuration holds in the {@link SupervisorRegistry}, the name it held before
 * a rename while an incarnation may still be registered under it, and the name it waits for while
 * another configuration holds it. Used only from the supervisor's serial executor.
 */
final class NameClaim {

    private final SupervisorRegistry registry;
    private final PluginSupervisor owner;
    private String held;
    private String previous;
    private String awaited;

    NameClaim(SupervisorRegistry registry, PluginSupervisor owner) {
        this.registry = registry;
        this.owner = owner;
    }

    /**
     * Takes {@code name}. A name held before stays held when {@code keepPrevious} (a running incarnation
     * is registered under it) until that incarnation is {@link #retired}, else it is given up; so is any name
     * kept from an earlier rename.
     *
     * @return null when the name is now held, else the supervisor that holds it (nothing else changes
     *     then)
     */
    PluginSupervisor claim(String name, boolean keepPrevious) {
        if (name.equals(held)) {
            return null;
        }
        PluginSupervisor holder = registry.claim(name, owner);
        if (holder != owner) {
            awaited = name;
            return holder;
        }
        String before = held;
        held = name;
        awaited = null;
        if (previous != null && !previous.equals(name)) {
            release(previous); // kept from an earlier rename
        }
        previous = null;
        if (keepPrevious) {
            previous = before;
        } else {
            release(before);
        }
        return null;
    }

    /** An incarnation named {@code incarnationName} was unregistered: a name kept for it is given up. */
    void retired(String incarnationName) {
        if (incarnationName.equals(previous)) {
            releasePrevious();
        }
    }

    private void releasePrevious() {
        String name = previous;
        previous = null;
        release(name);
    }

    /** Gives every name held up (the registry tells the others). */
    void release() {
        releasePrevious();
        String name = held;
        held = null;
        release(name);
    }

    /** Whether this configuration waits for {@code name} to become free. */
    boolean awaits(String name) {
        return name.equals(awaited);
    }

    private void release(String name) {
        if (name != null) {
            registry.release(name, owner);
        }
    }
}
