package dev.rpcplugin.bench;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.StreamRequest;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Server streaming of 64 KiB messages ({@code DataProcessor/StreamResults} of the Java streaming
 * plugin, read by our host) against the raw Unix-socket copy rate, rounds interleaved.
 */
final class StreamFigures {

    private static final int MIN_WARMUP_ROUNDS = 2;

    private final PluginHost host;
    private final StreamingPlugin plugin;
    private final Sizes sizes;

    StreamFigures(PluginHost host, StreamingPlugin plugin, Sizes sizes) {
        this.host = host;
        this.plugin = plugin;
        this.sizes = sizes;
    }

    /**
     * @return {@code stream_64k} (the host's callbacks on the I/O thread, as every figure of this host) and
     *     {@code stream_64k_default_executor} (a host with its default callback threads), rounds interleaved
     */
    List<Figure> measure() throws PluginStartException, IOException, InterruptedException {
        List<Double> grpc = new ArrayList<>();
        List<Double> grpcDefault = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        int warmupRounds = 0;
        try (PluginHost defaultHost = PluginHost.create(); RawSocketCopy copy = new RawSocketCopy()) {
            PluginClient client = plugin.launch(host);
            try {
                PluginClient defaultClient = plugin.launch(defaultHost);
                long warmupEnd = System.nanoTime() + sizes.streamWarmup().toNanos();
                while (warmupRounds < MIN_WARMUP_ROUNDS || System.nanoTime() - warmupEnd < 0) {
                    stream(client.channel(), sizes.streamMessages());
                    stream(defaultClient.channel(), sizes.streamMessages());
                    copy.mibPerSecond(sizes.streamMessages());
                    warmupRounds++;
                }
                for (int i = 0; i < sizes.streamRounds(); i++) {
                    grpc.add(stream(client.channel(), sizes.streamMessages()));
                    grpcDefault.add(stream(defaultClient.channel(), sizes.streamMessages()));
                    raw.add(copy.mibPerSecond(sizes.streamMessages()));
                }
            } finally {
                client.kill(); // the default host's plugin ends with its host
            }
        }
        Samples ours = Samples.of(grpc);
        Samples oursDefault = Samples.of(grpcDefault);
        Samples peer = Samples.of(raw);
        String how = sizes.streamMessages() + " messages of 64 KiB per round from the Java streaming plugin as shipped"
                + " (bin/streaming-plugin: launcher profile throughput, Netty leak tracking off), after "
                + warmupRounds + " warm-up rounds of each alternating (at least " + sizes.streamWarmup().toSeconds()
                + " s); peer = raw Unix-socket copy with 64 KiB writes in this JVM";
        return List.of(
                new Figure("stream_64k", "MiB/s", ours, peer, Figure.Target.ratio(">=", 0.5), how
                        + "; the host delivers each message on the I/O thread that read it"
                        + " (PluginHost.builder().channelExecutor(Runnable::run)); ours " + ours.spread("MiB/s")
                        + ", raw " + peer.spread("MiB/s")),
                new Figure("stream_64k_default_executor", "MiB/s", oursDefault, peer, null, "as stream_64k, with a"
                        + " host's default callback threads (PluginHost.create()): the stub asks for one message"
                        + " at a time, so each one goes from the I/O thread to a callback thread and the request"
                        + " for the next one back; ours " + oursDefault.spread("MiB/s")));
    }

    /** MiB per second of payload received over one StreamResults call. */
    static double stream(Channel channel, int messages) throws InterruptedException {
        CompletableFuture<Long> done = new CompletableFuture<>();
        long start = System.nanoTime();
        DataProcessorGrpc.newStub(channel).streamResults(
                StreamRequest.newBuilder().setCount(messages).setChunkSize(RawSocketCopy.CHUNK).build(),
                new StreamObserver<DataChunk>() {
                    private long bytes;

                    @Override
                    public void onNext(DataChunk chunk) {
                        bytes += chunk.getPayload().size();
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(bytes);
                    }
                });
        long bytes;
        try {
            bytes = done.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("StreamResults failed: " + e, e);
        }
        long elapsed = System.nanoTime() - start;
        if (bytes != (long) messages * RawSocketCopy.CHUNK) {
            throw new IllegalStateException("StreamResults delivered " + bytes + " bytes, expected "
                    + (long) messages * RawSocketCopy.CHUNK);
        }
        return bytes / 1048576.0 / (elapsed / 1e9);
    }
}
