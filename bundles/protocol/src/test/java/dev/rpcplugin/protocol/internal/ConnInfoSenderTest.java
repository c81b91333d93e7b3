package dev.rpcplugin.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.protocol.wire.ConnInfo;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnInfoSenderTest {

    /** Records what a stream was given. */
    private static final class Recording implements StreamObserver<ConnInfo> {
        final List<Integer> ids = new ArrayList<>();
        boolean completed;

        @Override
        public void onNext(ConnInfo value) {
            ids.add(value.getServiceId());
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError("not expected", t);
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    private static ConnInfo info(int id) {
        return ConnInfo.newBuilder().setServiceId(id).setNetwork("tcp").setAddress("127.0.0.1:1").build();
    }

    @Test
    void queuesUntilTheFirstStreamThenSendsDirectly() throws Exception {
        ConnInfoSender sender = new ConnInfoSender("host");
        sender.send(info(1));
        sender.send(info(2));
        Recording stream = new Recording();
        assertThat(sender.attach(stream)).isTrue();
        sender.send(info(3));
        assertThat(stream.ids).containsExactly(1, 2, 3);
        assertThat(sender.attach(new Recording())).isFalse();
    }

    @Test
    void sendingAfterTheStreamEndedFailsUntilANewOneAttaches() throws Exception {
        ConnInfoSender sender = new ConnInfoSender("plugin");
        Recording first = new Recording();
        sender.attach(first);
        sender.peerCompleted(first);
        assertThat(first.completed).isTrue();
        assertThatThrownBy(() -> sender.send(info(7))).isInstanceOf(BrokerException.class)
                .hasMessage("broker stream to the plugin has ended; cannot announce broker id 7");
        Recording second = new Recording();
        assertThat(sender.attach(second)).isTrue();
        sender.send(info(8));
        assertThat(second.ids).containsExactly(8);
    }

    @Test
    void closeCompletesTheStreamAndRefusesEverything() {
        ConnInfoSender sender = new ConnInfoSender("host");
        Recording stream = new Recording();
        sender.attach(stream);
        sender.close();
        sender.close();
        assertThat(stream.completed).isTrue();
        assertThat(sender.isOpen()).isFalse();
        assertThat(sender.attach(new Recording())).isFalse();
        assertThatThrownBy(() -> sender.send(info(1))).hasMessage("broker is closed; cannot announce broker id 1");
    }

    @Test
    void anEndedNotificationForAnOldStreamIsIgnored() throws Exception {
        ConnInfoSender sender = new ConnInfoSender("host");
        Recording old = new Recording();
        sender.attach(old);
        sender.ended(old, "");
        Recording current = new Recording();
        sender.attach(current);
        sender.ended(old, "");
        sender.send(info(2));
        assertThat(current.ids).containsExactly(2);
    }
}
