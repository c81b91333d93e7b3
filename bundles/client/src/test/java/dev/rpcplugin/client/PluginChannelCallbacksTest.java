package dev.rpcplugin.client;

import static dev.rpcplugin.client.TestSupport.assertEmpty;
import static dev.rpcplugin.client.TestSupport.assertGone;
import static dev.rpcplugin.client.TestSupport.assertNoProcessesLeft;
import static dev.rpcplugin.client.TestSupport.echo;
import static dev.rpcplugin.client.TestSupport.javaPlugin;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import dev.rpcplugin.client.testplugin.EchoService;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks of calls on plugin channels: where they run, what they may do, what they always get. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginChannelCallbacksTest {

    @TempDir
    Path sockets;

    private final List<PluginHost> hosts = new CopyOnWriteArrayList<>();

    private PluginHost host(PluginHost.Builder builder) {
        PluginHost host = builder.socketDirectoryParent(sockets).build();
        hosts.add(host);
        return host;
    }

    @AfterEach
    void checkNothingIsLeft() throws Exception {
        for (PluginHost host : hosts) {
            host.close();
        }
        assertNoProcessesLeft();
        assertEmpty(sockets);
    }

    /** What a stream's observer got. */
    private static final class Received implements StreamObserver<StringValue> {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> closed = new CompletableFuture<>();
        final java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        final Duration perMessage;

        Received(Duration perMessage) {
            this.perMessage = perMessage;
        }

        @Override
        public void onNext(StringValue value) {
            messages.add(value.getValue());
            threads.add(Thread.currentThread().getName());
            try {
                Thread.sleep(perMessage.toMillis());
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onError(Throwable t) {
            closed.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            closed.complete(Status.OK);
        }
    }

    @Test
    void aSlowObserverGetsEveryMessageAndTheEndAfterThePluginDied() throws Exception {
        PluginClient client = javaPlugin(host(PluginHost.builder())).build().start();
        Received received = new Received(Duration.ofMillis(20));
        ClientCalls.asyncServerStreamingCall(client.channel().newCall(EchoService.STREAM_THEN_EXIT, CallOptions.DEFAULT),
                StringValue.of("150"), received);
        assertThat(client.awaitExit(Duration.ofSeconds(20))).hasValue(3);
        // the plugin is gone and its channel shut down long before the observer has taken 150 messages
        assertThat(received.closed.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        assertThat(received.messages).hasSize(150).endsWith("150");
    }

    @Test
    void closingTheHostNeitherWaitsForNorInterruptsACallbackAndTheCallStillGetsItsEnd() throws Exception {
        PluginHost host = host(PluginHost.builder());
        PluginClient client = javaPlugin(host).build().start();
        Received received = new Received(Duration.ofMillis(50));
        ClientCalls.asyncServerStreamingCall(client.channel().newCall(EchoService.STREAM_THEN_EXIT, CallOptions.DEFAULT),
                StringValue.of("150"), received);
        assertThat(client.awaitExit(Duration.ofSeconds(20))).hasValue(3);
        host.close(); // 150 messages take the observer 7.5 s: the close comes while it still takes them
        // the host's event loops are gone, so no further message can be asked for: the call ends
        Status end = received.closed.get(30, TimeUnit.SECONDS);
        assertThat(end.getCode()).as(end.toString()).isIn(Status.Code.OK, Status.Code.UNAVAILABLE);
        if (end.getCode() == Status.Code.UNAVAILABLE) {
            assertThat(end.getDescription()).isEqualTo("the plugin host was closed before the call ended");
        }
        assertThat(received.interrupted).as("a callback interrupted").isFalse();
        assertThat(received.threads.get(0)).startsWith("rpcplugin-callbacks-");
    }

    @Test
    void killFromACallbackOnTheIoThreadReturnsAndThePluginStops() throws Exception {
        PluginClient client = javaPlugin(host(PluginHost.builder().channelExecutor(Runnable::run))).build().start();
        long pid = client.pid();
        CompletableFuture<String> killedOn = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(client.channel().newCall(EchoService.ECHO, CallOptions.DEFAULT),
                StringValue.of("kill me"), new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        killedOn.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        client.kill(); // waiting here would block the connection the Shutdown call needs
                        killedOn.complete(Thread.currentThread().getName());
                    }
                });
        assertThat(killedOn.get(20, TimeUnit.SECONDS)).startsWith("rpcplugin-io-");
        assertThat(client.awaitExit(Duration.ofSeconds(20))).as("the exit after the Shutdown call").hasValue(0);
        assertGone(pid);
    }

    @Test
    void closingTheHostFromACallbackOnTheIoThreadIsRefusedWithAClearError() throws Exception {
        PluginHost host = host(PluginHost.builder().channelExecutor(Runnable::run));
        PluginClient client = javaPlugin(host).build().start();
        CompletableFuture<Throwable> refusal = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(client.channel().newCall(EchoService.ECHO, CallOptions.DEFAULT),
                StringValue.of("close the host"), new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        refusal.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        try {
                            host.close();
                            refusal.complete(null);
                        } catch (RuntimeException e) {
                            refusal.complete(e);
                        }
                    }
                });
        assertThat(refusal.get(20, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PluginHost.close() called on transport I/O thread rpcplugin-io-");
        assertThat(echo(client, "still serving")).isEqualTo("still serving");
    }

    @Test
    void aPluginStartedInsideAGrpcRequestOutlivesTheRequestsContext() throws Exception {
        PluginHost host = host(PluginHost.builder());
        Context.CancellableContext request = Context.current().withCancellation();
        PluginClient client = request.call(() -> javaPlugin(host).stopGrace(Duration.ofSeconds(20)).build().start());
        request.cancel(null); // the request that started the plugin has ended
        // the broker stream carries the id to the plugin: a stream cancelled with the request would not
        int id = client.broker().nextId();
        client.broker().acceptAndServe(id, new EchoService(System.out, System.err, null, null));
        assertThat(echo(client, "dial:" + id)).isEqualTo("peer said via broker");

        Context.CancellableContext another = Context.current().withCancellation();
        another.cancel(null);
        long started = System.nanoTime();
        another.run(client::kill); // still asks the plugin to shut down, instead of waiting out the grace
        assertThat(client.awaitExit(Duration.ZERO)).hasValue(0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aCallAfterTheEndLearnsItOnTheChannelExecutorNotInsideTheCall() throws Exception {
        PluginClient client = javaPlugin(host(PluginHost.builder())).build().start();
        client.kill();
        CompletableFuture<String> failedOn = new CompletableFuture<>();
        Thread caller = Thread.currentThread();
        ClientCalls.asyncUnaryCall(client.channel().newCall(EchoService.ECHO, CallOptions.DEFAULT),
                StringValue.of("too late"), new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                        failedOn.complete("an answer");
                    }

                    @Override
                    public void onError(Throwable t) {
                        failedOn.complete(Thread.currentThread() == caller ? "the caller's thread"
                                : Status.fromThrowable(t).getCode() + " on " + Thread.currentThread().getName());
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        assertThat(failedOn.get(10, TimeUnit.SECONDS)).startsWith("UNAVAILABLE on rpcplugin-callbacks-");
    }
}
