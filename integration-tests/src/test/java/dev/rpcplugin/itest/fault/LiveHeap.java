package dev.rpcplugin.itest.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of live objects in a JVM's heap, measured from outside with {@code jcmd PID
 * GC.class_histogram}: it runs a full GC first and ends with a {@code Total <instances> <bytes>} line,
 * so the figure is the used heap right after a collection, the same way for the host and a plugin.
 */
final class LiveHeap {

    private static final long TIMEOUT_SECONDS = 60;

    private LiveHeap() {
    }

    /** Live heap bytes of process {@code pid} (a JVM of this user). */
    static long bytes(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(List.of(FaultPrograms.jdk("jcmd").toString(), Long.toString(pid),
                "GC.class_histogram")).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        });
        try {
            if (!jcmd.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("jcmd " + pid + " GC.class_histogram did not end within " + TIMEOUT_SECONDS + " s");
            }
            String text = output.get(10, TimeUnit.SECONDS);
            List<String> totals = text.lines().filter(line -> line.startsWith("Total ")).toList();
            if (jcmd.exitValue() != 0 || totals.isEmpty()) {
                throw new AssertionError("jcmd " + pid + " GC.class_histogram exited " + jcmd.exitValue()
                        + " without a Total line:\n" + text.lines().limit(20).toList());
            }
            String[] columns = totals.get(totals.size() - 1).trim().split("\\s+");
            return Long.parseLong(columns[2]);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("reading jcmd's output failed", e);
        } finally {
            jcmd.destroyForcibly();
        }
    }
}
