package dev.rpcplugin.protocol.internal;

import dev.rpcplugin.protocol.wire.ConnInfo;
import dev.rpcplugin.protocol.wire.GRPCBrokerGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugin's {@code StartStream} handler: one host stream at a time. */
public final class PluginBrokerService extends GRPCBrokerGrpc.GRPCBrokerImplBase {

    // slf4j 1.7 is made of Java 5 class files, which CDS cannot archive: starting it costs a plugin
    // milliseconds of its start, so it starts with the first line logged
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(PluginBrokerService.class);
    }

    private final ConnInfoReceiver receiver;
    private final ConnInfoSender sender;

    /**
     * @param inbox where received infos go
     * @param sender where accepted infos are sent from
     */
    public PluginBrokerService(ConnInfoInbox inbox, ConnInfoSender sender) {
        this.receiver = new ConnInfoReceiver(inbox, "host");
        this.sender = sender;
    }

    @Override
    public StreamObserver<ConnInfo> startStream(StreamObserver<ConnInfo> responses) {
        if (!sender.attach(responses)) {
            responses.onError(Status.ALREADY_EXISTS
                    .withDescription("a broker stream is already open or the broker is closed").asRuntimeException());
            return new Ignoring();
        }
        Log.LOG.debug("broker stream opened by the host");
        return new StreamObserver<>() {
            @Override
            public void onNext(ConnInfo value) {
                receiver.received(value);
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                Log.LOG.debug("broker stream from the host ended: {}", status);
                sender.ended(responses, status.getCode().toString());
            }

            @Override
            public void onCompleted() {
                Log.LOG.debug("broker stream closed by the host");
                sender.peerCompleted(responses);
            }
        };
    }

    /** Request side of a refused stream. */
    private static final class Ignoring implements StreamObserver<ConnInfo> {
        @Override
        public void onNext(ConnInfo value) {
            // refused stream: nothing is read from it
        }

        @Override
        public void onError(Throwable t) {
            // refused stream: already answered
        }

        @Override
        public void onCompleted() {
            // refused stream: already answered
        }
    }
}
