package dev.rpcplugin.transport.internal;

import io.grpc.netty.shaded.io.netty.channel.RecvByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiveBuffersTest {

    @Test
    void readsThatFillTheirBufferGrowItUpTo256KiB() {
        RecvByteBufAllocator.Handle handle = ReceiveBuffers.allocator().newHandle();
        int largest = 0;
        for (int readLoop = 0; readLoop < 20; readLoop++) {
            largest = Math.max(largest, readLoopOf(handle, Integer.MAX_VALUE));
        }
        assertThat(largest).isEqualTo(ReceiveBuffers.MAX_READ_BYTES).isEqualTo(256 * 1024);
    }

    @Test
    void smallReadsKeepSmallBuffers() {
        RecvByteBufAllocator.Handle handle = ReceiveBuffers.allocator().newHandle();
        int largest = 0;
        for (int readLoop = 0; readLoop < 20; readLoop++) {
            largest = Math.max(largest, readLoopOf(handle, 300));
        }
        assertThat(largest).isLessThanOrEqualTo(2048);
    }

    /** One read loop as an event loop runs it: every read gets the guess and returns up to {@code available}. */
    private static int readLoopOf(RecvByteBufAllocator.Handle handle, int available) {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            handle.reset(channel.config());
            int largest = 0;
            for (int read = 0; read < 4; read++) {
                int guess = handle.guess();
                largest = Math.max(largest, guess);
                handle.attemptedBytesRead(guess);
                handle.lastBytesRead(Math.min(guess, available));
                handle.incMessagesRead(1);
            }
            handle.readComplete();
            return largest;
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
