package dev.rpcplugin.examples.streaming.plugin;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Collects what a call answers; {@link #await} returns it once the plugin ends the call. */
final class Collector<T> implements StreamObserver<T> {

    private final List<T> values = new CopyOnWriteArrayList<>();
    private final CompletableFuture<List<T>> done = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
        values.add(value);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        done.complete(List.copyOf(values));
    }

    /** Everything the call answered, waiting at most 30 seconds for its end. */
    List<T> await() throws Exception {
        return done.get(30, TimeUnit.SECONDS);
    }
}
