package dev.rpcplugin.examples.streaming.host;

import dev.rpcplugin.examples.support.CommandFailedException;
import dev.rpcplugin.examples.support.CommandLineHost;
import dev.rpcplugin.examples.support.HostSession;
import io.grpc.Deadline;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host for the DataProcessor plugin: {@code streaming-host [run]} calls all four call shapes and
 * prints one report line per shape, then {@code all 4 call shapes OK}; exit status 1 if any check
 * failed. The plugin command comes from {@code STREAMING_PLUGIN} ({@code sh -c});
 * {@code STREAMING_MTLS=1} turns on AutoMTLS; {@code STREAMING_HOST_LOG_LEVEL} sets the log level
 * (default info). Started by {@code bin/streaming-host}.
 */
public final class StreamingHost {

    private StreamingHost() {
    }

    /**
     * Runs one command and exits: 0 on success, 1 on any failure.
     *
     * @param args {@code run} (the default) or {@code ping}
     */
    public static void main(String[] args) {
        host().runAndExit(args.length == 0 ? new String[] {"run"} : args);
    }

    static CommandLineHost host() {
        return CommandLineHost.builder("streaming-host")
                .usage("usage: streaming-host [run] | ping")
                .environment("STREAMING_PLUGIN", "STREAMING_MTLS", "STREAMING_HOST_LOG_LEVEL")
                .handshake("DATA_PROCESSOR", "stream", 1)
                .command("run", 0, StreamingHost::run)
                .build();
    }

    private static void run(HostSession session, List<String> args) throws CommandFailedException {
        Deadline deadline = Deadline.after(HostSession.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<ShapeResult> results = new DataProcessorCheck(session.client().channel(), deadline).runAll();
        results.forEach(result -> session.out().println(result.line()));
        List<String> failed = results.stream().filter(result -> !result.ok()).map(ShapeResult::shape).toList();
        if (!failed.isEmpty()) {
            throw new CommandFailedException(failed.size() + " of " + results.size() + " call shapes failed: "
                    + String.join(", ", failed));
        }
        session.out().println("all " + results.size() + " call shapes OK");
    }
}
