package dev.rpcplugin.protocol.internal;

import com.google.protobuf.ByteString;
import dev.rpcplugin.protocol.wire.StdioData;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Output waiting to be streamed, as {@link StdioData} chunks of at most {@value #MAX_CHUNK} bytes,
 * in write order across both channels, bounded by a byte capacity: when full, the oldest chunks are
 * dropped and counted. Small writes to the same channel are merged into the newest chunk. The
 * capacity bounds the memory held: each chunk counts as its array, and as at least
 * {@value #SMALLEST_CHARGE} bytes, about what a small chunk costs with its objects, so that many tiny
 * chunks (single bytes written to stdout and stderr by turns) cannot hold many times the capacity.
 *
 * <p>Not thread-safe: the owner guards it.
 */
public final class StdioBuffer {

    /** Largest chunk sent, as go-plugin's pumps read at most 1024 bytes at a time. */
    public static final int MAX_CHUNK = 1024;

    /** The least a chunk counts for: its first array (64 bytes), the array's header, its object and the queue's slot. */
    static final int SMALLEST_CHARGE = 128;

    private final int capacity;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int bufferedBytes;
    private long heldBytes; // what the chunks count for against the capacity
    private long droppedBytes;

    /**
     * Creates an empty buffer.
     *
     * @param capacity most bytes of memory held at once (see {@link #heldBytes()}); at least {@value #MAX_CHUNK}
     * @throws IllegalArgumentException if {@code capacity} is below {@value #MAX_CHUNK}
     */
    public StdioBuffer(int capacity) {
        if (capacity < MAX_CHUNK) {
            throw new IllegalArgumentException(
                    "stdio buffer capacity must be at least " + MAX_CHUNK + " bytes, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Appends bytes for one channel; empty writes add nothing. Drops the oldest chunks if over capacity. */
    public void append(StdioData.Channel channel, byte[] bytes, int offset, int length) {
        int end = offset + length;
        int position = offset;
        while (position < end) {
            Chunk tail = chunks.peekLast();
            if (tail == null || tail.channel != channel || tail.length == MAX_CHUNK) {
                tail = new Chunk(channel);
                chunks.addLast(tail);
                heldBytes += tail.footprint();
            }
            long before = tail.footprint();
            int taken = tail.add(bytes, position, end - position);
            heldBytes += tail.footprint() - before;
            position += taken;
            bufferedBytes += taken;
        }
        while (heldBytes > capacity) {
            Chunk oldest = chunks.removeFirst();
            bufferedBytes -= oldest.length;
            heldBytes -= oldest.footprint();
            droppedBytes += oldest.length;
        }
    }

    /** Removes and returns the oldest chunk as a message, or null when empty. */
    public StdioData poll() {
        Chunk oldest = chunks.pollFirst();
        if (oldest == null) {
            return null;
        }
        bufferedBytes -= oldest.length;
        heldBytes -= oldest.footprint();
        return StdioData.newBuilder()
                .setChannel(oldest.channel)
                .setData(ByteString.copyFrom(oldest.data, 0, oldest.length))
                .build();
    }

    /** Whether nothing is waiting. */
    public boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Bytes waiting. */
    public int bufferedBytes() {
        return bufferedBytes;
    }

    /** Memory the waiting chunks hold, as counted against the capacity: at least {@link #bufferedBytes()}. */
    public long heldBytes() {
        return heldBytes;
    }

    /** Drops everything waiting, counting it as dropped. */
    public void clear() {
        droppedBytes += bufferedBytes;
        bufferedBytes = 0;
        heldBytes = 0;
        chunks.clear();
    }

    /** Counts bytes dropped without being sent (for example written after the stream was closed). */
    public void countDropped(int length) {
        droppedBytes += length;
    }

    /** Bytes dropped so far because the buffer was full, cleared or closed. */
    public long droppedBytes() {
        return droppedBytes;
    }

    /** One chunk; its array grows up to {@value #MAX_CHUNK} bytes so small writes stay small. */
    private static final class Chunk {
        final StdioData.Channel channel;
        byte[] data = new byte[64];
        int length;

        Chunk(StdioData.Channel channel) {
            this.channel = channel;
        }

        long footprint() {
            return Math.max(data.length, SMALLEST_CHARGE);
        }

        int add(byte[] bytes, int offset, int available) {
            int taken = Math.min(available, MAX_CHUNK - length);
            if (length + taken > data.length) {
                data = Arrays.copyOf(data, Math.min(MAX_CHUNK, Math.max(length + taken, data.length * 2)));
            }
            System.arraycopy(bytes, offset, data, length, taken);
            length += taken;
            return taken;
        }
    }
}
