package dev.rpcplugin.itest.fault;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of live objects in a JVM's heap, measured from outside with {@code jcmd PID
 * GC.class_histogram}: it runs a full GC first and ends with a {@code Total <instances> <bytes>} line,
 * so the figure is the used heap right after a collection, the same way for the host and a plugin.
 *
 * <p>jcmd writes to a file, not to a pipe this JVM reads: from Java 24 on, the target JVM streams the
 * histogram to jcmd while it is stopped at a safepoint, so measuring this very JVM through a pipe
 * would wait for a reader that cannot run.
 */
final class LiveHeap {

    private static final long TIMEOUT_SECONDS = 60;

    private LiveHeap() {
    }

    /** Live heap bytes of process {@code pid} (a JVM of this user). */
    static long bytes(long pid) throws IOException, InterruptedException {
        Path output = Files.createTempFile("rpcplugin-histogram-", ".txt");
        Process jcmd = new ProcessBuilder(List.of(FaultPrograms.jdk("jcmd").toString(), Long.toString(pid),
                "GC.class_histogram"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!jcmd.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("jcmd " + pid + " GC.class_histogram did not end within " + TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            List<String> totals = text.lines().filter(line -> line.startsWith("Total ")).toList();
            if (jcmd.exitValue() != 0 || totals.isEmpty()) {
                throw new AssertionError("jcmd " + pid + " GC.class_histogram exited " + jcmd.exitValue()
                        + " without a Total line:\n" + text.lines().limit(20).toList());
            }
            String[] columns = totals.get(totals.size() - 1).trim().split("\\s+");
            return Long.parseLong(columns[2]);
        } finally {
            jcmd.destroyForcibly();
            jcmd.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }
}
