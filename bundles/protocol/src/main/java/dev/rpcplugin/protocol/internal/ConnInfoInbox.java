package dev.rpcplugin.protocol.internal;

import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.protocol.wire.ConnInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Connection infos received from the peer, by broker id, until a dial takes them. An info nobody
 * asked for is dropped once it is older than the retention time (checked whenever the inbox is
 * used, so no timer thread is needed). Thread-safe.
 */
public final class ConnInfoInbox {

    private final long retentionNanos;
    private final LongSupplier nanoClock;
    // guarded by this; a slot is either waited for (future not done) or holds an arrived info
    private final Map<Integer, Slot> slots = new HashMap<>();
    private boolean closed;

    /**
     * @param retention how long an unclaimed info is kept
     * @param nanoClock {@code System::nanoTime} outside tests
     */
    public ConnInfoInbox(Duration retention, LongSupplier nanoClock) {
        this.retentionNanos = Nanos.of(retention);
        this.nanoClock = nanoClock;
    }

    /** Files an info that arrived from the peer, waking a dial that waits for its id. */
    public synchronized void deliver(ConnInfo info) {
        if (closed) {
            return;
        }
        long now = nanoClock.getAsLong();
        dropExpired(now);
        Slot slot = slots.get(info.getServiceId());
        if (slot == null || slot.future.isDone()) {
            slot = new Slot();
            slots.put(info.getServiceId(), slot);
        }
        slot.arrivedAt = now;
        slot.future.complete(info);
    }

    /**
     * Takes the info for an id, waiting for it to arrive.
     *
     * @param id the broker id
     * @param timeout how long to wait
     * @return the info
     * @throws BrokerException on timeout ({@code timeout waiting for connection info for broker id N})
     *     or when the inbox is closed
     * @throws InterruptedException if interrupted while waiting
     */
    public ConnInfo take(int id, Duration timeout) throws BrokerException, InterruptedException {
        Slot slot;
        synchronized (this) {
            if (closed) {
                throw closedError(id);
            }
            dropExpired(nanoClock.getAsLong());
            slot = slots.computeIfAbsent(id, any -> new Slot());
        }
        try {
            return slot.future.get(Nanos.of(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            synchronized (this) { // deliver() completes slots under this lock: no info slips in unseen
                if (slot.future.isDone() && !slot.future.isCompletedExceptionally()) {
                    return slot.future.join(); // arrived as the wait ended
                }
            }
            throw new BrokerException("timeout waiting for connection info for broker id "
                    + Integer.toUnsignedString(id) + " after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw closedError(id);
        } finally {
            synchronized (this) {
                slots.remove(id, slot);
            }
        }
    }

    /** Fails every waiting dial and refuses later ones. Idempotent. */
    public void close() {
        Slot[] waiting;
        synchronized (this) {
            closed = true;
            waiting = slots.values().toArray(new Slot[0]);
            slots.clear();
        }
        for (Slot slot : waiting) {
            slot.future.completeExceptionally(new IllegalStateException("closed"));
        }
    }

    /** Number of ids with an info or a waiting dial (for tests and diagnostics). */
    public synchronized int size() {
        return slots.size();
    }

    private void dropExpired(long now) {
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext();) {
            Slot slot = it.next();
            if (slot.future.isDone() && now - slot.arrivedAt > retentionNanos) {
                it.remove();
            }
        }
    }

    private static BrokerException closedError(int id) {
        return new BrokerException("broker is closed; cannot dial broker id " + Integer.toUnsignedString(id));
    }

    private static final class Slot {
        final CompletableFuture<ConnInfo> future = new CompletableFuture<>();
        long arrivedAt;
    }
}
