package dev.rpcplugin.transport.internal;

import io.grpc.netty.shaded.io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.RecvByteBufAllocator;

/**
 * How large a buffer each socket read of a plugin connection gets. Netty's adaptive guess, starting
 * small as Netty's default does, but allowed to grow to {@link #MAX_READ_BYTES} instead of 64 KiB: a
 * stream of large messages then arrives in fewer reads, and fewer HTTP/2 frames are cut by the end of a
 * read (Netty's frame decoder copies every frame it has to join). Connections that only carry small
 * calls never fill a buffer and keep small ones.
 */
public final class ReceiveBuffers {

    /** Upper bound of one read's buffer, in bytes. */
    public static final int MAX_READ_BYTES = 256 * 1024;

    private static final RecvByteBufAllocator ALLOCATOR = new AdaptiveRecvByteBufAllocator(
            AdaptiveRecvByteBufAllocator.DEFAULT_MINIMUM, AdaptiveRecvByteBufAllocator.DEFAULT_INITIAL, MAX_READ_BYTES);

    private ReceiveBuffers() {
    }

    /** @return the allocator for {@code ChannelOption.RECVBUF_ALLOCATOR}; it keeps no state, every channel may share it */
    public static RecvByteBufAllocator allocator() {
        return ALLOCATOR;
    }
}
