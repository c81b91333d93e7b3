package dev.rpcplugin.protocol.internal;

import dev.rpcplugin.protocol.wire.ConnInfo;
import dev.rpcplugin.protocol.wire.GRPCBrokerGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's {@code StartStream} call on the plugin: receives into the inbox, sends through the sender. */
public final class HostBrokerStream implements ClientResponseObserver<ConnInfo, ConnInfo> {

    private static final Logger LOG = LoggerFactory.getLogger(HostBrokerStream.class);

    private final ConnInfoReceiver receiver;
    private final ConnInfoSender sender;
    private volatile ClientCallStreamObserver<ConnInfo> call;
    private volatile boolean finished;
    private volatile String endReason = "";

    private HostBrokerStream(ConnInfoInbox inbox, ConnInfoSender sender) {
        this.receiver = new ConnInfoReceiver(inbox, "plugin");
        this.sender = sender;
    }

    /**
     * Opens the stream on the plugin's channel and attaches it to the sender.
     *
     * @return the open stream
     */
    public static HostBrokerStream open(Channel pluginChannel, ConnInfoInbox inbox, ConnInfoSender sender) {
        HostBrokerStream stream = new HostBrokerStream(inbox, sender);
        GRPCBrokerGrpc.newStub(pluginChannel).startStream(stream);
        sender.attach(stream.call);
        // the call may have failed before it was attached; then the sender must know it is gone
        if (stream.finished) {
            sender.ended(stream.call, stream.endReason);
        }
        return stream;
    }

    /** Ends the call: half-close through the sender's close, then cancel so it cannot linger. */
    public void cancel() {
        ClientCallStreamObserver<ConnInfo> current = call;
        if (current != null && !finished) {
            current.cancel("broker closed", null);
        }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ConnInfo> requestStream) {
        call = requestStream;
    }

    @Override
    public void onNext(ConnInfo value) {
        receiver.received(value);
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        endReason = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        finished = true;
        LOG.debug("broker stream to the plugin ended: {}", status);
        sender.ended(call, endReason);
    }

    @Override
    public void onCompleted() {
        endReason = "completed by the plugin";
        finished = true;
        LOG.debug("broker stream to the plugin completed by the plugin");
        sender.ended(call, endReason);
    }
}
