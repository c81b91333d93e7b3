package dev.rpcplugin.examples.streaming.host;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.streaming.DataChunk;
import dev.rpcplugin.examples.streaming.DataProcessorGrpc;
import dev.rpcplugin.examples.streaming.ProcessRequest;
import dev.rpcplugin.examples.streaming.ProcessResponse;
import dev.rpcplugin.examples.streaming.SessionMessage;
import dev.rpcplugin.examples.streaming.StreamRequest;
import dev.rpcplugin.examples.streaming.UploadSummary;
import dev.rpcplugin.examples.support.HostSession;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Calls each of the DataProcessor's four shapes once and checks the answers: the unary call's
 * upper-cased payload and digest, the server stream's order and content, the client stream's
 * summary against what was sent, and the bidi session's echoes and order. A failed call is a
 * failed check, never an exception.
 */
final class DataProcessorCheck {

    static final int PAYLOAD_BYTES = 256 * 1024;
    static final int CHUNKS = 64;
    static final int CHUNK_BYTES = 64 * 1024;
    static final int MESSAGES = 100;

    private final Channel channel;
    private final Deadline deadline;

    DataProcessorCheck(Channel channel, Deadline deadline) {
        this.channel = channel;
        this.deadline = deadline;
    }

    /** Runs the four checks one after the other. */
    List<ShapeResult> runAll() {
        List<ShapeResult> results = new ArrayList<>();
        results.add(timed("ProcessData", this::processData));
        results.add(timed("StreamResults", this::streamResults));
        results.add(timed("UploadData", this::uploadData));
        results.add(timed("InteractiveSession", this::interactiveSession));
        return results;
    }

    private String processData() throws Check.Failed {
        byte[] payload = text(PAYLOAD_BYTES, 1);
        ProcessResponse response = DataProcessorGrpc.newBlockingStub(channel).withDeadline(deadline)
                .processData(ProcessRequest.newBuilder().setPayload(ByteString.copyFrom(payload)).build());
        byte[] upper = new String(payload, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT)
                .getBytes(StandardCharsets.ISO_8859_1);
        Check.that(response.getPayload().equals(ByteString.copyFrom(upper)), "payload is not the upper-cased input");
        Check.digestsMatch(sha256().digest(payload), response.getSha256().toByteArray());
        return payload.length + " bytes upper-cased, sha256 matches";
    }

    private String streamResults() throws Check.Failed {
        Iterator<DataChunk> chunks = DataProcessorGrpc.newBlockingStub(channel).withDeadline(deadline)
                .streamResults(StreamRequest.newBuilder().setCount(CHUNKS).setChunkSize(CHUNK_BYTES).build());
        ByteString expected = ByteString.copyFrom(alphabet(CHUNK_BYTES));
        long received = 0;
        long bytes = 0;
        while (chunks.hasNext()) {
            DataChunk chunk = chunks.next();
            Check.that(chunk.getSequence() == received, "chunk " + received + " came with sequence " + chunk.getSequence());
            Check.that(chunk.getPayload().equals(expected), "chunk " + received + " has unexpected content");
            received++;
            bytes += chunk.getPayload().size();
        }
        Check.that(received == CHUNKS, "got " + received + " chunks instead of " + CHUNKS);
        return received + " chunks x " + CHUNK_BYTES + " bytes (" + bytes + "), in order, content as expected";
    }

    private String uploadData() throws Exception {
        MessageDigest digest = sha256();
        List<DataChunk> chunks = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            byte[] payload = text(CHUNK_BYTES, 100 + i);
            digest.update(payload);
            chunks.add(DataChunk.newBuilder().setSequence(i).setPayload(ByteString.copyFrom(payload)).build());
        }
        UploadSummary summary = Streams.upload(DataProcessorGrpc.newStub(channel).withDeadline(deadline), chunks)
                .get(deadline.timeRemaining(TimeUnit.MILLISECONDS), TimeUnit.MILLISECONDS);
        long bytes = (long) CHUNKS * CHUNK_BYTES;
        Check.that(summary.getChunks() == CHUNKS, "plugin counted " + summary.getChunks() + " chunks of " + CHUNKS);
        Check.that(summary.getBytes() == bytes, "plugin counted " + summary.getBytes() + " bytes of " + bytes);
        Check.that(summary.getInOrder(), "plugin saw the chunks out of order");
        Check.digestsMatch(digest.digest(), summary.getSha256().toByteArray());
        return summary.getChunks() + " chunks, " + summary.getBytes() + " bytes, sha256 matches, in order";
    }

    private String interactiveSession() throws Exception {
        List<SessionMessage> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(SessionMessage.newBuilder().setSequence(i).setText("message " + i + " from the host").build());
        }
        List<SessionMessage> replies = Streams.converse(DataProcessorGrpc.newStub(channel).withDeadline(deadline), sent)
                .get(deadline.timeRemaining(TimeUnit.MILLISECONDS), TimeUnit.MILLISECONDS);
        Check.that(replies.size() == MESSAGES, "got " + replies.size() + " replies to " + MESSAGES + " messages");
        for (int i = 0; i < MESSAGES; i++) {
            SessionMessage reply = replies.get(i);
            Check.that(reply.getSequence() == i, "reply " + i + " came with sequence " + reply.getSequence());
            Check.that(reply.getText().equals(sent.get(i).getText().toUpperCase(Locale.ROOT)),
                    "reply " + i + " is \"" + reply.getText() + "\"");
        }
        return MESSAGES + " messages echoed upper-cased, in order";
    }

    private static ShapeResult timed(String shape, Callable<String> check) {
        long start = System.nanoTime();
        String detail;
        boolean ok;
        try {
            detail = check.call();
            ok = true;
        } catch (Check.Failed e) {
            detail = e.getMessage();
            ok = false;
        } catch (Exception e) {
            detail = "call failed: " + Check.describe(e);
            ok = false;
        }
        return new ShapeResult(shape, ok, detail, (System.nanoTime() - start) / 1_000_000);
    }

    /** Printable ASCII with lower-case letters, so that upper-casing changes it; the same for a seed. */
    static byte[] text(int size, long seed) {
        String letters = "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789.";
        Random random = new Random(seed);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) letters.charAt(random.nextInt(letters.length()));
        }
        return bytes;
    }

    /** What the plugin streams: a, b, ..., z, a, ... */
    static byte[] alphabet(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Small assertion helpers whose failures become report lines. */
    static final class Check {
        private Check() {
        }

        static void that(boolean condition, String failure) throws Failed {
            if (!condition) {
                throw new Failed(failure);
            }
        }

        static void digestsMatch(byte[] local, byte[] plugin) throws Failed {
            HexFormat hex = HexFormat.of();
            that(MessageDigest.isEqual(local, plugin), "sha256 differs: host " + hex.formatHex(local) + ", plugin "
                    + hex.formatHex(plugin));
        }

        static String describe(Throwable e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return cause instanceof StatusRuntimeException s ? HostSession.describe(s.getStatus()) : cause.toString();
        }

        /** A check that did not hold. */
        static final class Failed extends Exception {
            private static final long serialVersionUID = 1L;

            Failed(String message) {
                super(message);
            }
        }
    }
}
