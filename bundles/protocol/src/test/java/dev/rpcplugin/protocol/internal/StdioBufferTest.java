package dev.rpcplugin.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.protocol.wire.StdioData;
import dev.rpcplugin.protocol.wire.StdioData.Channel;
import org.junit.jupiter.api.Test;

class StdioBufferTest {

    @Test
    void smallWritesToOneChannelMergeIntoOneChunk() {
        StdioBuffer buffer = new StdioBuffer(4096);
        buffer.append(Channel.STDOUT, new byte[] {1, 2}, 0, 2);
        buffer.append(Channel.STDOUT, new byte[] {3}, 0, 1);
        buffer.append(Channel.STDERR, new byte[] {4}, 0, 1);
        buffer.append(Channel.STDOUT, new byte[] {5}, 0, 1);

        assertThat(buffer.bufferedBytes()).isEqualTo(5);
        assertThat(buffer.poll()).isEqualTo(chunk(Channel.STDOUT, 1, 2, 3));
        assertThat(buffer.poll()).isEqualTo(chunk(Channel.STDERR, 4));
        assertThat(buffer.poll()).isEqualTo(chunk(Channel.STDOUT, 5));
        assertThat(buffer.poll()).isNull();
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void largeWritesAreSplitAt1024() {
        StdioBuffer buffer = new StdioBuffer(8192);
        buffer.append(Channel.STDOUT, new byte[100], 0, 100);
        buffer.append(Channel.STDOUT, new byte[3000], 10, 2500);

        assertThat(buffer.poll().getData().size()).isEqualTo(1024);
        assertThat(buffer.poll().getData().size()).isEqualTo(1024);
        assertThat(buffer.poll().getData().size()).isEqualTo(552);
        assertThat(buffer.poll()).isNull();
    }

    @Test
    void overflowDropsWholeOldestChunksAndCountsThem() {
        StdioBuffer buffer = new StdioBuffer(2048);
        byte[] first = new byte[1024];
        first[0] = 1;
        byte[] second = new byte[1024];
        second[0] = 2;
        buffer.append(Channel.STDOUT, first, 0, 1024);
        buffer.append(Channel.STDOUT, second, 0, 1024);
        buffer.append(Channel.STDERR, new byte[] {3}, 0, 1);

        assertThat(buffer.droppedBytes()).isEqualTo(1024);
        assertThat(buffer.bufferedBytes()).isEqualTo(1025);
        assertThat(buffer.poll().getData().byteAt(0)).isEqualTo((byte) 2);
        buffer.clear();
        assertThat(buffer.droppedBytes()).isEqualTo(1025);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void singleBytesToBothChannelsByTurnsHoldNoMoreMemoryThanTheCapacity() {
        int capacity = 1 << 20;
        StdioBuffer buffer = new StdioBuffer(capacity);
        int writes = 2_000_000;
        for (int i = 0; i < writes; i++) {
            buffer.append(i % 2 == 0 ? Channel.STDOUT : Channel.STDERR, new byte[] {(byte) i}, 0, 1);
        }
        // every byte is a chunk of its own: one per StdioBuffer.SMALLEST_CHARGE bytes of the capacity
        assertThat(buffer.bufferedBytes()).isEqualTo(capacity / StdioBuffer.SMALLEST_CHARGE);
        assertThat(buffer.heldBytes()).isLessThanOrEqualTo(capacity);
        assertThat(buffer.droppedBytes() + buffer.bufferedBytes()).isEqualTo(writes);
        assertThat(buffer.poll()).isEqualTo(chunk(Channel.STDOUT, (byte) (writes - capacity / StdioBuffer.SMALLEST_CHARGE)));
    }

    private static StdioData chunk(Channel channel, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return StdioData.newBuilder().setChannel(channel)
                .setData(com.google.protobuf.ByteString.copyFrom(bytes)).build();
    }
}
