package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginClientBuilder;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.handshake.HandshakeException;
import dev.rpcplugin.handshake.HandshakeLine;
import dev.rpcplugin.handshake.HandshakeParser;
import dev.rpcplugin.handshake.HandshakeReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the handshake with generated plugin output. In process, 100,000 outputs through the handshake
 * reader and parser the client uses (with each input's versions and lenient setting): each ends typed
 * within its bound. Then the client's whole start path
 * (process, pipes, handshake read, connect, TLS, teardown) with script plugins printing such output:
 * every start must end within its bound with a {@link PluginStartException} (typed by its reason, with a
 * bounded message) and leave nothing behind, no thread still reading a handshake included. The
 * handshake module's jqwik properties fuzz the parser and reader further (138,300 inputs, 110,000 of
 * them hostile lines). Counts and seed: system properties {@code itest.fault.fuzz.parser.inputs}
 * (default 100,000), {@code itest.fault.fuzz.inputs} (default 400) and {@code itest.fault.fuzz.seed}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HandshakeFuzzIT {

    private static final int READER_INPUTS = Integer.getInteger("itest.fault.fuzz.parser.inputs", 100_000);
    private static final int INPUTS = Integer.getInteger("itest.fault.fuzz.inputs", 400);
    /**
     * File descriptors the JVM may open for good after the warm-up starts (a jar first read by a class it
     * loads): two, where a leak on the rarest outcome (a few starts each) leaves several.
     */
    private static final long FD_ALLOWANCE = 2;
    /** Starts before the file descriptors are counted: the first of each kind loads its classes. */
    private static final int WARM_UP_STARTS = 20;
    private static final long SEED = Long.getLong("itest.fault.fuzz.seed", System.nanoTime());
    private static final int WORKERS = 8;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(2);
    /** Far beyond the start timeout: a start still running then is a hang. */
    private static final long HANG_SECONDS = 30;
    private static final int MAX_MESSAGE_CHARS = 8_000;

    @Test
    void everyGeneratedOutputReadsTypedWithinItsBound() throws Exception {
        System.out.println("fault: handshake reader fuzz seed " + SEED + " (-Ditest.fault.fuzz.seed=" + SEED
                + " repeats it)");
        Random random = new Random(SEED);
        ExecutorService reading = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fault-fuzz-reader");
            thread.setDaemon(true); // a reader stuck in a loop must not hold the JVM
            return thread;
        });
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < READER_INPUTS && problems.size() < 10; i++) {
                FuzzedStart input = FuzzedStart.next(random, "/nonexistent/fault-fuzz", 1, i);
                HandshakeParser parser = HandshakeParser.builder(IntStream.of(input.versions()).boxed().toList())
                        .build();
                HandshakeReader reader = input.lenientLines() >= 0
                        ? HandshakeReader.lenient(parser, input.lenientLines(), skipped -> { })
                        : HandshakeReader.strict(parser);
                // the whole output, then its end: the read must settle, never wait for its deadline
                CompletableFuture<HandshakeLine> read = reader.read(new ByteArrayInputStream(input.stdout()), reading,
                        Duration.ofSeconds(HANG_SECONDS));
                String outcome;
                try {
                    read.get(HANG_SECONDS + 5, TimeUnit.SECONDS);
                    outcome = "LINE";
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof HandshakeException typed && typed.reason() != null
                            && typed.reason() != HandshakeException.Reason.TIMEOUT
                            && !String.valueOf(typed.getMessage()).isBlank()
                            && typed.getMessage().length() <= MAX_MESSAGE_CHARS) {
                        outcome = typed.reason().name();
                    } else {
                        outcome = "PROBLEM";
                        problems.add("input " + i + " " + printable(input.stdout()) + ": " + e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    outcome = "HANG";
                    problems.add("input " + i + " " + printable(input.stdout()) + ": no outcome in "
                            + (HANG_SECONDS + 5) + " s");
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
        } finally {
            reading.shutdownNow();
        }
        System.out.println("fault: handshake reader fuzz, " + outcomes.values().stream().mapToInt(Integer::intValue)
                .sum() + " outputs in " + (System.nanoTime() - started) / 1_000_000 + " ms; outcomes " + outcomes);
        assertThat(problems).as("untyped failures, timeouts, hangs or unbounded messages").isEmpty();
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(READER_INPUTS);
    }

    private static String printable(byte[] output) {
        String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
        return "\"" + (text.length() > 200 ? text.substring(0, 200) + "..." : text).replace("\n", "\\n") + "\"";
    }

    @Test
    void everyGeneratedStartFailsTypedWithinItsBoundAndLeavesNothing() throws Exception {
        System.out.println("fault: handshake fuzz seed " + SEED + " (-Ditest.fault.fuzz.seed=" + SEED + " repeats it)");
        try (ScratchDirectory scratch = ScratchDirectory.create("fhf");
                ServerSocket blackHole = blackHole();
                PluginHost host = PluginHost.builder().socketDirectoryParent(scratch.directory("s"))
                        .loggerPrefix("fault.fuzz").build()) {
            Path script = ScriptPlugin.staying(scratch.path(), "stays.sh", 30);
            Path exiting = ScriptPlugin.exiting(scratch.path(), "exits.sh");
            Random random = new Random(SEED);
            List<FuzzedStart> inputs = new ArrayList<>();
            for (int i = 0; i < INPUTS; i++) {
                inputs.add(FuzzedStart.next(random, scratch.path().toString(), blackHole.getLocalPort(), i));
            }
            Map<String, Integer> reasons = new TreeMap<>();
            Map<String, String> examples = new java.util.concurrent.ConcurrentSkipListMap<>();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicLong longestMillis = new AtomicLong();
            AtomicInteger longestMessage = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            long started = System.nanoTime();
            long fdsBefore = -1;
            // first the warm-up starts one at a time, then the file descriptors are counted, then the rest
            for (int limit : new int[] {Math.min(WARM_UP_STARTS, INPUTS), INPUTS}) {
                if (fdsBefore < 0 && limit == INPUTS) {
                    Poll.until(Duration.ofSeconds(10), 50, () -> ResourceCounts.liveDescendants().isEmpty());
                    fdsBefore = ResourceCounts.openFileDescriptors();
                }
                int threads = limit == INPUTS ? WORKERS : 1;
                ExecutorService workers = Executors.newFixedThreadPool(threads);
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int w = 0; w < threads; w++) {
                        running.add(workers.submit(() -> {
                            for (int i = claim(next, limit); i >= 0; i = claim(next, limit)) {
                                FuzzedStart input = inputs.get(i);
                                Path output = scratch.path().resolve("out" + i);
                                Files.write(output, input.stdout());
                                PluginClientBuilder builder = PluginClient.builder(host).name("fuzz" + i)
                                        .command((input.stays() ? script : exiting).toString())
                                        .magicCookie("FAULT_FUZZ", "yes")
                                        .hostEnvironmentAllowList(List.of("PATH"))
                                        .environment(ScriptPlugin.OUTPUT_VARIABLE, output.toString())
                                        .environment(ScriptPlugin.EXIT_VARIABLE, Integer.toString(input.exitStatus()))
                                        .protocolVersions(input.versions())
                                        .autoMtls(input.autoMtls())
                                        .startTimeout(START_TIMEOUT)
                                        .stopGrace(Duration.ofMillis(200));
                                if (input.lenientLines() >= 0) {
                                    builder.lenientHandshake(input.lenientLines());
                                }
                                if (input.unixOnly()) {
                                    builder.allowedNetworks("unix");
                                }
                                String outcome = start(builder.build(), i, longestMillis, longestMessage, problems,
                                        examples);
                                synchronized (reasons) {
                                    reasons.merge(outcome, 1, Integer::sum);
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> worker : running) {
                        worker.get(HANG_SECONDS * 4, TimeUnit.SECONDS);
                    }
                } finally {
                    workers.shutdownNow();
                    workers.awaitTermination(10, TimeUnit.SECONDS);
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            long fdBaseline = fdsBefore;
            Path sockets = scratch.path().resolve("s");
            boolean clean = Poll.until(Duration.ofSeconds(10), 50, () -> ResourceCounts.liveDescendants().isEmpty()
                    && ScratchDirectory.contentOf(sockets).isEmpty() && handshakeReaders().isEmpty()
                    && ResourceCounts.openFileDescriptors() <= fdBaseline + FD_ALLOWANCE);
            long fdsAfter = ResourceCounts.openFileDescriptors();
            System.out.println("fault: handshake fuzz, " + INPUTS + " starts in " + millis + " ms (" + WORKERS
                    + " at a time), longest " + longestMillis.get() + " ms, longest message " + longestMessage.get()
                    + " chars; outcomes " + reasons + "; file descriptors " + fdsBefore + " -> " + fdsAfter
                    + "; nothing left: " + clean);
            examples.forEach((reason, message) -> System.out.println("fault: e.g. " + reason + ": " + message));

            assertThat(problems).as("untyped failures, hangs or unbounded messages").isEmpty();
            assertThat(clean).as("nothing left: processes " + ResourceCounts.liveDescendants() + ", socket entries "
                    + ScratchDirectory.contentOf(sockets) + ", threads in handshake code " + handshakeReaders()
                    + ", file descriptors " + fdsBefore + " -> " + fdsAfter + " (allowed " + FD_ALLOWANCE + " more)")
                    .isTrue();
        }
    }

    /** Starts one client; returns the failure's reason, recording anything that is not a typed failure. */
    private static String start(PluginClient client, int index, AtomicLong longestMillis, AtomicInteger longestMessage,
            ConcurrentLinkedQueue<String> problems, Map<String, String> examples) throws Exception {
        long t0 = System.nanoTime();
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try {
            Future<PluginClient> start = starter.submit(client::start);
            try {
                start.get(HANG_SECONDS, TimeUnit.SECONDS);
                problems.add("input " + index + " connected to something");
                return "CONNECTED";
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable failure = e.getCause();
                if (!(failure instanceof PluginStartException typed)) {
                    problems.add("input " + index + ": untyped " + failure);
                    return "UNTYPED";
                }
                String message = String.valueOf(typed.getMessage());
                longestMessage.accumulateAndGet(message.length(), Math::max);
                if (typed.reason() == null || message.isBlank() || message.length() > MAX_MESSAGE_CHARS) {
                    problems.add("input " + index + ": reason " + typed.reason() + ", message of " + message.length()
                            + " chars");
                }
                if (client.state() != PluginClient.State.STOPPED) {
                    problems.add("input " + index + ": state " + client.state() + " after " + typed.reason());
                }
                examples.putIfAbsent(typed.reason().name(), message.length() > 300 ? message.substring(0, 300) + "..."
                        : message);
                return typed.reason().name();
            } catch (java.util.concurrent.TimeoutException e) {
                problems.add("input " + index + ": start still running after " + HANG_SECONDS + " s");
                return "HANG";
            }
        } finally {
            client.kill();
            starter.shutdownNow();
            longestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
        }
    }

    /** The next input below {@code limit}, or -1 when there is none left. */
    private static int claim(AtomicInteger next, int limit) {
        int claimed = next.getAndUpdate(i -> i < limit ? i + 1 : i);
        return claimed < limit ? claimed : -1;
    }

    /** Threads with the handshake module's code on their stack: after every start ended, a stuck read. */
    private static List<String> handshakeReaders() {
        List<String> stuck = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith("dev.rpcplugin.handshake.")) {
                    stuck.add(thread.getName() + " at " + frame);
                    return;
                }
            }
        });
        return stuck;
    }

    /** A port on 127.0.0.1 of this test that accepts connections and closes them at once. */
    private static ServerSocket blackHole() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket accepted = server.accept()) {
                    accepted.setSoLinger(true, 0);
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        }, "fault-black-hole");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }
}
