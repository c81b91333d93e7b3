package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Records registrations instead of talking to a framework. */
final class RecordingRegistrar implements ConnectionRegistrar {

    /**
     * One registration, whether it is still registered, what {@link #observeOnRegister} saw at the
     * moment it was made and what {@link #observeOnUnregister} saw when it was removed (null without
     * an observer).
     */
    record Entry(PluginConnection connection, Map<String, Object> properties, AtomicBoolean live, Object observed,
            AtomicReference<Object> observedOnUnregister, AtomicReference<Map<String, Object>> updated) {
        /** The property as registered, or as last updated. */
        Object property(String key) {
            Map<String, Object> latest = updated.get();
            return (latest != null ? latest : properties).get(key);
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile Supplier<Object> observer = () -> null;
    private volatile Supplier<Object> unregisterObserver = () -> null;

    /** Has every later registration record what {@code observer} returns while it is being made. */
    void observeOnRegister(Supplier<Object> observer) {
        this.observer = observer;
    }

    /** Has every later removal record what {@code observer} returns while it is being made. */
    void observeOnUnregister(Supplier<Object> observer) {
        this.unregisterObserver = observer;
    }

    @Override
    public Registration register(PluginConnection connection, Map<String, Object> properties) {
        Entry entry = new Entry(connection, Map.copyOf(properties), new AtomicBoolean(true), observer.get(),
                new AtomicReference<>(), new AtomicReference<>());
        entries.add(entry);
        return new Registration() {
            @Override
            public void unregister() {
                synchronized (entry) {
                    if (entry.live().get()) {
                        // observed first: whoever sees the entry no longer live sees what was observed
                        entry.observedOnUnregister().set(unregisterObserver.get());
                        entry.live().set(false);
                    }
                }
            }

            @Override
            public void update(Map<String, Object> changed) {
                synchronized (entry) {
                    if (entry.live().get()) {
                        entry.updated().set(Map.copyOf(changed));
                    }
                }
            }
        };
    }

    List<Entry> all() {
        return List.copyOf(entries);
    }

    List<Entry> live() {
        return entries.stream().filter(e -> e.live().get()).toList();
    }

    /** The single live registration, or null. */
    Entry current() {
        List<Entry> live = live();
        if (live.size() > 1) {
            throw new AssertionError(live.size() + " live registrations: " + live);
        }
        return live.isEmpty() ? null : live.get(0);
    }
}
