package dev.rpcplugin.bench;

import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Put+Get pairs on a KV channel for a while, as the Go host runs them: each caller has its own key,
 * waits for the Put before the Get and checks the value read. Blocking callers are threads with
 * blocking stubs (a goroutine each in Go); async callers are chains of async-stub calls, each with
 * one pair in flight, continued from the response callback.
 */
final class Pairs {

    /** How callers wait for responses. */
    enum Mode {
        BLOCKING, ASYNC
    }

    private Pairs() {
    }

    /** Warm-up, then {@code rounds} measured rounds; pairs per second per round. */
    static Samples rounds(Mode mode, Channel channel, int callers, Duration warmup, Duration round, int rounds) {
        if (!warmup.isZero()) {
            run(mode, channel, callers, warmup);
        }
        List<Double> values = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            values.add(run(mode, channel, callers, round));
        }
        return Samples.of(values);
    }

    /** Pairs per second over one period. */
    static double run(Mode mode, Channel channel, int callers, Duration period) {
        LongAdder pairs = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + period.toNanos();
        if (mode == Mode.BLOCKING) {
            blocking(channel, callers, end, pairs, failure);
        } else {
            async(channel, callers, end, pairs, failure);
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("a Put+Get pair failed: " + failure.get(), failure.get());
        }
        return pairs.sum() / (elapsed / 1e9);
    }

    private static void blocking(Channel channel, int callers, long end, LongAdder pairs,
            AtomicReference<Throwable> failure) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String key = "bench-" + i;
            threads.add(new Thread(() -> {
                KVGrpc.KVBlockingStub stub = KVGrpc.newBlockingStub(channel);
                PutRequest put = Kv.put(key);
                GetRequest get = Kv.get(key);
                try {
                    while (System.nanoTime() < end && failure.get() == null) {
                        stub.put(put);
                        checkValue(key, stub.get(get));
                        pairs.increment();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-caller-" + i));
        }
        // daemons, so that a caller stuck in a call without deadline (as the Go host's) cannot hold the JVM
        threads.forEach(t -> t.setDaemon(true));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                long left = end - System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                if (t.isAlive()) {
                    failure.compareAndSet(null, new IllegalStateException(t.getName()
                            + " did not finish its call within 30 s of the round's end"));
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void async(Channel channel, int callers, long end, LongAdder pairs,
            AtomicReference<Throwable> failure) {
        CountDownLatch done = new CountDownLatch(callers);
        KVGrpc.KVStub stub = KVGrpc.newStub(channel);
        for (int i = 0; i < callers; i++) {
            new AsyncCaller(stub, "bench-" + i, end, pairs, failure, done).next();
        }
        try {
            if (!done.await(end - System.nanoTime() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
                failure.compareAndSet(null, new IllegalStateException("async callers did not finish"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void checkValue(String key, GetResponse response) {
        if (!response.getValue().equals(Kv.VALUE)) {
            throw new IllegalStateException("get " + key + " returned " + response.getValue().size()
                    + " bytes, not the " + Kv.VALUE.size() + " just put");
        }
    }

    /** One caller: Put, then Get from the Put's completion, then the next pair from the Get's. */
    private static final class AsyncCaller {
        private final KVGrpc.KVStub stub;
        private final String key;
        private final PutRequest put;
        private final GetRequest get;
        private final long end;
        private final LongAdder pairs;
        private final AtomicReference<Throwable> failure;
        private final CountDownLatch done;

        private final StreamObserver<Empty> afterPut = new StreamObserver<>() {
            @Override
            public void onNext(Empty value) {
            }

            @Override
            public void onError(Throwable t) {
                fail(t);
            }

            @Override
            public void onCompleted() {
                stub.get(get, afterGet);
            }
        };

        private final StreamObserver<GetResponse> afterGet = new StreamObserver<>() {
            private GetResponse response;

            @Override
            public void onNext(GetResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                fail(t);
            }

            @Override
            public void onCompleted() {
                try {
                    checkValue(key, response);
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                pairs.increment();
                next();
            }
        };

        AsyncCaller(KVGrpc.KVStub stub, String key, long end, LongAdder pairs, AtomicReference<Throwable> failure,
                CountDownLatch done) {
            this.stub = stub;
            this.key = key;
            this.put = Kv.put(key);
            this.get = Kv.get(key);
            this.end = end;
            this.pairs = pairs;
            this.failure = failure;
            this.done = done;
        }

        void next() {
            if (System.nanoTime() >= end || failure.get() != null) {
                done.countDown();
                return;
            }
            stub.put(put, afterPut);
        }

        private void fail(Throwable t) {
            failure.compareAndSet(null, t);
            done.countDown();
        }
    }
}
