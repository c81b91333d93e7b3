package dev.rpcplugin.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Go host in {@code -serve} mode: one long-lived Go process that launches the plugin on request, so
 * that single Go launches can alternate with ours and both see the same moment's noise.
 */
final class GoLaunchSession implements AutoCloseable {

    /** Longer than go-plugin's start timeout (1 min) plus the Put's 10 s deadline: the Go host is stuck. */
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(90);

    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;

    GoLaunchSession(Path goHost, Path plugin) throws IOException {
        process = new ProcessBuilder(List.of(goHost.toString(), "-plugin", plugin.toString(), "-env",
                Kv.MEMORY_ENV + "=1", "-serve")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** One Go host launch: milliseconds from client creation to the first successful Put. */
    double launch(boolean autoMtls) throws IOException {
        commands.write(autoMtls ? "launch mtls\n" : "launch plain\n");
        commands.flush();
        String answer;
        Watchdog watchdog = Watchdog.arm(process, ANSWER_LIMIT);
        try {
            answer = answers.readLine();
        } finally {
            watchdog.close();
        }
        if (watchdog.fired()) {
            throw new IOException("the Go host did not answer a launch within " + ANSWER_LIMIT.toSeconds()
                    + " s and was killed");
        }
        if (answer == null || !answer.startsWith("launch_ms ")) {
            throw new IOException("the Go host answered \"" + answer + "\" to a launch");
        }
        return Double.parseDouble(answer.substring("launch_ms ".length()).trim());
    }

    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.close();
        } catch (IOException e) {
            // it is gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
