package dev.rpcplugin.itest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 64 concurrent bidirectional streams between our host and the streaming example plugin (AutoMTLS over
 * a Unix socket) for 60 s (system property {@code itest.fault.stream.seconds}), each with sequence
 * numbers and a window of messages in flight: zero lost, duplicated or reordered messages, no stream
 * error, and the live heap of the plugin and of the host does not grow between the start and the end
 * of the steady phase.
 */
class BidiStreamSoakIT {

    private static final int STREAMS = 64;
    private static final int WINDOW = 16;
    private static final long SECONDS = Long.getLong("itest.fault.stream.seconds", 60);
    /** A bound, not a budget: the live heap of a steady echo loop must not climb. */
    private static final long MAX_GROWTH_BYTES = 16L << 20;

    @Test
    void sixtyFourStreamsLoseDuplicateOrReorderNothingAndTheHeapDoesNotGrow() {
        assertTimeoutPreemptively(Duration.ofSeconds(SECONDS + 180), this::soak);
    }

    private void soak() throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("fss");
                PluginHost host = PluginHost.builder().socketDirectoryParent(scratch.path()).loggerPrefix("fault.soak")
                        .build()) {
            PluginClient plugin = PluginClient.builder(host).command(FaultPrograms.example("streaming-plugin").toString())
                    .magicCookie("DATA_PROCESSOR", "stream")
                    .hostEnvironmentAllowList(List.of("PATH", "HOME", "JAVA_HOME"))
                    .environment("TMPDIR", scratch.path().toString())
                    .workingDirectory(scratch.path())
                    .autoMtls(true)
                    .startTimeout(Duration.ofSeconds(60))
                    // exit 0 is asserted: a JVM on a loaded machine may need more than the default 2 s
                    .stopGrace(Duration.ofSeconds(10))
                    .build().start();
            List<SequencedStream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < STREAMS; i++) {
                    SequencedStream stream = new SequencedStream(i, WINDOW);
                    streams.add(stream);
                    stream.start(plugin.channel());
                }
                long steadyMillis = SECONDS * 1000;
                long warmUpMillis = Math.max(2_000, steadyMillis / 10);
                Thread.sleep(warmUpMillis);

                long selfPid = ProcessHandle.current().pid();
                long hostStart = LiveHeap.bytes(selfPid);
                long pluginStart = LiveHeap.bytes(plugin.pid());
                long countStart = total(streams);
                long steadyStarted = System.nanoTime();
                Thread.sleep(Math.max(1_000, steadyMillis - warmUpMillis));
                long hostEnd = LiveHeap.bytes(selfPid);
                long pluginEnd = LiveHeap.bytes(plugin.pid());
                long steadyNanos = System.nanoTime() - steadyStarted;
                long countEnd = total(streams);

                streams.forEach(SequencedStream::stop);
                List<Throwable> errors = new ArrayList<>();
                // one deadline for all: a lost message stalls its stream, which is then named with its counts
                long endDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (SequencedStream stream : streams) {
                    try {
                        stream.done().get(Math.max(1, endDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        errors.add(e.getCause());
                    } catch (java.util.concurrent.TimeoutException e) {
                        errors.add(new AssertionError("stream " + streams.indexOf(stream) + " did not end within 60 s"
                                + " of its stop: sent " + stream.sent() + ", received " + stream.received()));
                    }
                }
                long sent = streams.stream().mapToLong(SequencedStream::sent).sum();
                long received = streams.stream().mapToLong(SequencedStream::received).sum();
                long violations = streams.stream().mapToLong(SequencedStream::violationCount).sum();
                System.out.printf("fault: %d bidi streams for %d s: %d messages sent, %d echoed, %d out of line, %d stream"
                        + " errors; steady rate %.0f messages/s%n", STREAMS, SECONDS, sent, received, violations,
                        errors.size(), (countEnd - countStart) * 1e9 / steadyNanos);
                System.out.printf("fault: live heap after GC, start -> end of the steady phase: host %s -> %s (%+.1f MiB),"
                        + " plugin %s -> %s (%+.1f MiB)%n", mib(hostStart), mib(hostEnd), (hostEnd - hostStart) / 1048576.0,
                        mib(pluginStart), mib(pluginEnd), (pluginEnd - pluginStart) / 1048576.0);

                assertThat(errors).as("stream errors").isEmpty();
                assertThat(streams.stream().flatMap(s -> s.violations().stream()).toList())
                        .as("lost, duplicated or reordered messages").isEmpty();
                assertThat(received).as("every sent message came back").isEqualTo(sent);
                assertThat(countEnd - countStart).as("messages in the steady phase").isPositive();
                assertThat(hostEnd - hostStart).as("host live heap growth in bytes").isLessThan(MAX_GROWTH_BYTES);
                assertThat(pluginEnd - pluginStart).as("plugin live heap growth in bytes").isLessThan(MAX_GROWTH_BYTES);
            } finally {
                plugin.kill();
            }
            assertThat(plugin.awaitExit(Duration.ofSeconds(10))).hasValue(0);
        }
    }

    private static long total(List<SequencedStream> streams) {
        return streams.stream().mapToLong(SequencedStream::received).sum();
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
