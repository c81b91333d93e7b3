package dev.rpcplugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainingChannelTest {

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            return "";
        }
    };
    private static final MethodDescriptor<String, String> METHOD = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Service/Call")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    /** A channel whose calls stay open until the test closes them. */
    private static final class HeldChannel extends Channel {
        final List<ClientCall.Listener<String>> listeners = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            return (ClientCall<Q, R>) new ClientCall<String, String>() {
                @Override
                public void start(Listener<String> listener, Metadata headers) {
                    listeners.add(listener);
                }

                @Override
                public void request(int n) {
                }

                @Override
                public void cancel(String message, Throwable cause) {
                }

                @Override
                public void halfClose() {
                }

                @Override
                public void sendMessage(String message) {
                }
            };
        }

        @Override
        public String authority() {
            return "held";
        }

        void closeAll() {
            listeners.forEach(l -> l.onClose(Status.OK, new Metadata()));
        }
    }

    @Test
    void countsCallsFromStartToClose() {
        HeldChannel held = new HeldChannel();
        DrainingChannel channel = new DrainingChannel(held);
        ClientCall<String, String> call = channel.newCall(METHOD, CallOptions.DEFAULT);
        assertThat(channel.inFlight()).as("not started yet").isZero();
        call.start(new ClientCall.Listener<>() { }, new Metadata());
        channel.newCall(METHOD, CallOptions.DEFAULT).start(new ClientCall.Listener<>() { }, new Metadata());
        assertThat(channel.inFlight()).isEqualTo(2);
        held.closeAll();
        assertThat(channel.inFlight()).isZero();
        assertThat(channel.authority()).isEqualTo("held");
    }

    @Test
    void drainWaitsForTheCallsInFlight() throws Exception {
        HeldChannel held = new HeldChannel();
        DrainingChannel channel = new DrainingChannel(held);
        channel.newCall(METHOD, CallOptions.DEFAULT).start(new ClientCall.Listener<>() { }, new Metadata());
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return channel.awaitDrained(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(DrainingChannel.QUIET.toMillis() * 2);
        assertThat(drained).as("a call is still in flight").isNotDone();
        held.closeAll();
        assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void drainGivesUpAtTheTimeout() throws Exception {
        DrainingChannel channel = new DrainingChannel(new HeldChannel());
        channel.newCall(METHOD, CallOptions.DEFAULT).start(new ClientCall.Listener<>() { }, new Metadata());
        assertThat(channel.awaitDrained(Duration.ofMillis(50))).isFalse();
        assertThat(channel.inFlight()).isEqualTo(1);
    }

    @Test
    void anIdleChannelIsDrainedAtOnce() throws Exception {
        assertThat(new DrainingChannel(new HeldChannel()).awaitDrained(Duration.ZERO)).isTrue();
    }
}
