package dev.rpcplugin.itest.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plugin process started by the test itself, the way a go-plugin host would (the environment is the
 * test's choice, not the client's), so that raw gRPC clients can talk to it with identities no host
 * would use. Its handshake line is read with a deadline; every stderr line (hclog JSON) is kept.
 */
final class DirectPlugin implements AutoCloseable {

    private final Process process;
    private final List<String> stderr = new ArrayList<>();
    private final String[] handshake;

    private DirectPlugin(Process process, String line) {
        this.process = process;
        this.handshake = line.split("\\|", -1);
    }

    /** Starts {@code command} with {@code environment} added and waits (bounded) for its handshake line. */
    static DirectPlugin start(List<String> command, Map<String, String> environment, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        DirectPlugin plugin;
        try {
            String first = line.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null) {
                throw new AssertionError(command + " ended its stdout without a handshake line");
            }
            plugin = new DirectPlugin(process, first);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError(command + " printed no handshake line within " + limit, e);
        }
        Thread reader = new Thread(() -> plugin.collectStderr(process), "fault-plugin-stderr");
        reader.setDaemon(true);
        reader.start();
        return plugin;
    }

    private void collectStderr(Process p) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                synchronized (stderr) {
                    stderr.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Handshake field {@code index} (1-based, as go-plugin numbers them). */
    String field(int index) {
        return handshake[index - 1];
    }

    long pid() {
        return process.pid();
    }

    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** Waits (bounded) for a stderr line containing every one of {@code parts}, and returns it. */
    String awaitStderr(Duration limit, String... parts) {
        String[] found = new String[1];
        Poll.until(limit, 20, () -> {
            for (String line : stderr()) {
                if (List.of(parts).stream().allMatch(line::contains)) {
                    found[0] = line;
                    return true;
                }
            }
            return false;
        });
        if (found[0] == null) {
            throw new AssertionError("no stderr line of the plugin contains " + List.of(parts) + " within " + limit
                    + "; stderr:\n" + String.join("\n", stderr()));
        }
        return found[0];
    }

    /** SIGTERM (the plugin removes its socket and exits), SIGKILL if that takes over 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
