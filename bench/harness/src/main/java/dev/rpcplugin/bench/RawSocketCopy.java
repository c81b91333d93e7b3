package dev.rpcplugin.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference for streaming: bytes copied through one Unix socket with 64 KiB writes and reads, a
 * writer thread on one end and the caller reading on the other.
 */
final class RawSocketCopy implements AutoCloseable {

    static final int CHUNK = 64 * 1024;

    private final Path directory;
    private final ServerSocketChannel server;

    RawSocketCopy() throws IOException {
        directory = TempDirs.create();
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(directory.resolve("copy")));
    }

    /** Copies {@code chunks} writes of 64 KiB; returns MiB per second as seen by the reader. */
    double mibPerSecond(int chunks) throws IOException, InterruptedException {
        long total = (long) chunks * CHUNK;
        try (SocketChannel reader = SocketChannel.open(server.getLocalAddress());
                SocketChannel writer = server.accept()) {
            ByteBuffer in = ByteBuffer.allocateDirect(CHUNK);
            long start = System.nanoTime();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(writer, chunks));
            long read = 0;
            while (read < total) {
                in.clear();
                int n = reader.read(in);
                if (n < 0) {
                    throw new IOException("the raw copy ended after " + read + " of " + total + " bytes");
                }
                read += n;
            }
            long elapsed = System.nanoTime() - start;
            writing.get(10, TimeUnit.SECONDS);
            return total / 1048576.0 / (elapsed / 1e9);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the raw copy writer failed: " + e, e);
        }
    }

    private static void write(SocketChannel writer, int chunks) {
        ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
        try {
            for (int i = 0; i < chunks; i++) {
                out.clear();
                while (out.hasRemaining()) {
                    writer.write(out);
                }
            }
        } catch (IOException e) {
            try {
                writer.close(); // the reader sees the end instead of waiting for bytes that never come
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        TempDirs.delete(directory);
    }
}
