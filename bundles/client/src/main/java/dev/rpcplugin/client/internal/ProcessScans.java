package dev.rpcplugin.client.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Shares reads of the whole process table between everyone who asks at about the same time. A caller
 * gets a table read after it asked (so it sees processes started before that), but callers who ask while
 * a read is running all share the one read that follows it: 100 plugins stopped at once cost a few reads
 * of {@code /proc} instead of 200, each of which grows with the number of processes on the machine. It
 * has no thread of its own: the first caller reads on its own thread, later reads run on an executor.
 */
public final class ProcessScans {

    private static final ProcessScans SHARED = new ProcessScans(ProcessTable::read);

    private final Supplier<ProcessTable> reader;
    private final Object lock = new Object();
    /** The callers waiting for the next read, or null. */
    private CompletableFuture<ProcessTable> waiting;
    private boolean reading;

    ProcessScans(Supplier<ProcessTable> reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** The scans shared by every plugin of this JVM. */
    public static ProcessScans shared() {
        return SHARED;
    }

    /**
     * A table read after this call. When no read is running it is read on this thread, and whoever asked
     * meanwhile is served on {@code executor}, so that a caller is never held by a stream of newcomers.
     */
    public ProcessTable next(Executor executor) {
        CompletableFuture<ProcessTable> next;
        boolean readHere;
        synchronized (lock) {
            next = joinWaiting();
            readHere = !reading;
            reading = true;
        }
        if (readHere) {
            complete(takeWaiting()); // holds next: nobody else reads
            boolean more;
            synchronized (lock) {
                more = waiting != null;
                reading = more;
            }
            if (more) {
                continueOn(executor);
            }
        }
        return next.join();
    }

    private CompletableFuture<ProcessTable> joinWaiting() {
        if (waiting == null) {
            waiting = new CompletableFuture<>();
        }
        return waiting;
    }

    private void continueOn(Executor executor) {
        try {
            executor.execute(this::readWhileWaiting);
        } catch (RejectedExecutionException e) {
            readWhileWaiting();
        }
    }

    private CompletableFuture<ProcessTable> takeWaiting() {
        synchronized (lock) {
            CompletableFuture<ProcessTable> batch = waiting;
            waiting = null;
            return batch;
        }
    }

    /** Reads for whoever waits until nobody does; a new request meanwhile joins the following read. */
    private void readWhileWaiting() {
        while (true) {
            CompletableFuture<ProcessTable> batch;
            synchronized (lock) {
                batch = waiting;
                waiting = null;
                if (batch == null) {
                    reading = false;
                    return;
                }
            }
            complete(batch);
        }
    }

    private void complete(CompletableFuture<ProcessTable> batch) {
        ProcessTable table;
        try {
            table = reader.get();
        } catch (RuntimeException e) {
            table = ProcessTable.unavailable(); // the JDK's own walk then answers for this batch
        } catch (Error e) {
            batch.completeExceptionally(e); // its callers rethrow it; the reads after it must still happen
            return;
        }
        batch.complete(table);
    }
}
