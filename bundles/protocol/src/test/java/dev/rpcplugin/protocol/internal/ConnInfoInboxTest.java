package dev.rpcplugin.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.protocol.wire.ConnInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnInfoInboxTest {

    private final AtomicLong now = new AtomicLong();
    private final ConnInfoInbox inbox = new ConnInfoInbox(Duration.ofSeconds(5), now::get);

    private static ConnInfo info(int id, String address) {
        return ConnInfo.newBuilder().setServiceId(id).setNetwork("unix").setAddress(address).build();
    }

    @Test
    void anInfoThatArrivedFirstIsTakenOnce() throws Exception {
        inbox.deliver(info(3, "/a"));
        assertThat(inbox.take(3, Duration.ofSeconds(1)).getAddress()).isEqualTo("/a");
        assertThat(inbox.size()).isZero();
        assertThatThrownBy(() -> inbox.take(3, Duration.ofMillis(20)))
                .isInstanceOf(BrokerException.class)
                .hasMessage("timeout waiting for connection info for broker id 3 after 20 ms");
        assertThat(inbox.size()).isZero();
    }

    @Test
    void aWaitingTakeIsWokenByTheInfo() throws Exception {
        CompletableFuture<ConnInfo> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return inbox.take(9, Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture.runAsync(() -> {
            while (inbox.size() == 0) {
                Thread.onSpinWait();
            }
        }).get(5, TimeUnit.SECONDS);
        inbox.deliver(info(9, "/b"));
        assertThat(taken.get(5, TimeUnit.SECONDS).getAddress()).isEqualTo("/b");
    }

    @Test
    void unclaimedInfosAreDroppedAfterTheRetention() {
        inbox.deliver(info(1, "/old"));
        now.addAndGet(Duration.ofSeconds(5).toNanos() + 1);
        inbox.deliver(info(2, "/new"));
        assertThat(inbox.size()).isEqualTo(1);
        assertThatThrownBy(() -> inbox.take(1, Duration.ofMillis(20))).hasMessageContaining("broker id 1");
    }

    @Test
    void aLaterInfoForTheSameIdReplacesAnUnclaimedOne() throws Exception {
        inbox.deliver(info(4, "/first"));
        inbox.deliver(info(4, "/second"));
        assertThat(inbox.take(4, Duration.ofSeconds(1)).getAddress()).isEqualTo("/second");
    }

    @Test
    void closeFailsWaitersAndLaterTakes() throws Exception {
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                inbox.take(5, Duration.ofSeconds(10));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        CompletableFuture.runAsync(() -> {
            while (inbox.size() == 0) {
                Thread.onSpinWait();
            }
        }).get(5, TimeUnit.SECONDS);
        inbox.close();
        assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(BrokerException.class)
                .hasMessage("broker is closed; cannot dial broker id 5");
        assertThatThrownBy(() -> inbox.take(6, Duration.ofSeconds(1))).hasMessageContaining("broker is closed");
        inbox.deliver(info(6, "/late"));
        assertThat(inbox.size()).isZero();
    }
}
