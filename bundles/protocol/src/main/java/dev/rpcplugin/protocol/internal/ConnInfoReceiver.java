package dev.rpcplugin.protocol.internal;

import dev.rpcplugin.protocol.wire.ConnInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Files the connection infos the peer sends into the inbox; knocks (multiplexing) are ignored. */
final class ConnInfoReceiver {

    // slf4j 1.7 is made of Java 5 class files, which CDS cannot archive: starting it costs a plugin
    // milliseconds of its start, so it starts with the first line logged
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ConnInfoReceiver.class);
    }

    private final ConnInfoInbox inbox;
    private final String peer;

    ConnInfoReceiver(ConnInfoInbox inbox, String peer) {
        this.inbox = inbox;
        this.peer = peer;
    }

    void received(ConnInfo info) {
        if (info.hasKnock()) {
            // only sent by go-plugin 1.6.0+ with multiplexing, which this side never negotiates
            Log.LOG.warn("ignoring broker knock from the {} for id {}: multiplexing is not supported", peer,
                    Integer.toUnsignedString(info.getServiceId()));
            return;
        }
        Log.LOG.debug("broker info from the {}: id {} at {} {}", peer, Integer.toUnsignedString(info.getServiceId()),
                info.getNetwork(), info.getAddress());
        inbox.deliver(info);
    }
}
