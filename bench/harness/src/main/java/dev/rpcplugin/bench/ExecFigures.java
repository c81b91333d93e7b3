package dev.rpcplugin.bench;

import dev.rpcplugin.security.AutoMtlsCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plugin exec -> handshake line on stdout: the Java KV plugin through its launcher script (which
 * execs the JVM with its AppCDS archive) against the Go KV plugin, started alternately from here;
 * in plaintext, and with AutoMTLS (a host certificate in {@code PLUGIN_CLIENT_CERT}, so each plugin
 * makes its own key and certificate and prints it in the line).
 */
final class ExecFigures {

    private static final int WARMUP = 2;
    private static final String STARTUP = "startup";
    /** A plugin that prints nothing for this long is killed and the section fails. */
    private static final Duration FIRST_LINE_LIMIT = Duration.ofSeconds(30);

    private final Layout layout;
    private final Sizes sizes;

    ExecFigures(Layout layout, Sizes sizes) {
        this.layout = layout;
        this.sizes = sizes;
    }

    List<Figure> measure() throws IOException, InterruptedException {
        String hostCertificate = AutoMtlsCertificates.generate().certificatePem();
        return List.of(measure(null, STARTUP, "exec_to_handshake_java_plugin", Figure.Target.absolute("<=", 200, "ms"),
                        ""),
                measure(hostCertificate, STARTUP, "exec_to_handshake_java_plugin_automtls", null, " with AutoMTLS"),
                measure(null, "throughput", "exec_to_handshake_java_plugin_throughput_profile", null, ""));
    }

    private Figure measure(String hostCertificate, String profile, String name, Figure.Target target, String mode)
            throws IOException, InterruptedException {
        Path sockets = TempDirs.create();
        try {
            List<Double> java = new ArrayList<>();
            List<Double> go = new ArrayList<>();
            for (int i = 0; i < WARMUP + sizes.execRuns(); i++) {
                double j = execToHandshake(layout.javaKvPlugin(), sockets, hostCertificate, profile);
                double g = execToHandshake(layout.goPlugin(), sockets, hostCertificate, null);
                if (i >= WARMUP) {
                    java.add(j);
                    go.add(g);
                }
            }
            Samples ours = Samples.of(java);
            Samples peer = Samples.of(go);
            return new Figure(name, "ms", ours, peer, target, "exec -> handshake line of the Java KV plugin ("
                    + "bin/kv-plugin, launcher profile " + profile + (profile.equals(STARTUP) ? ", the default" : "")
                    + ") vs the Go KV plugin" + mode + "; ours "
                    + ours.spread("ms") + ", Go " + peer.spread("ms"));
        } finally {
            TempDirs.delete(sockets);
        }
    }

    /**
     * Milliseconds from starting the process to reading its whole first stdout line.
     *
     * @param hostCertificate PEM for {@code PLUGIN_CLIENT_CERT} (AutoMTLS), or null for plaintext
     * @param jvmProfile the example launcher's JVM profile, or null for its default
     */
    static double execToHandshake(Path executable, Path socketDir, String hostCertificate, String jvmProfile)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(executable.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put(Kv.COOKIE_KEY, Kv.COOKIE_VALUE);
        env.put("PLUGIN_PROTOCOL_VERSIONS", "1");
        env.put("PLUGIN_UNIX_SOCKET_DIR", socketDir.toString());
        env.put(Kv.MEMORY_ENV, "1");
        if (hostCertificate != null) {
            env.put("PLUGIN_CLIENT_CERT", hostCertificate);
        }
        if (jvmProfile != null) {
            env.put(Kv.JVM_PROFILE_ENV, jvmProfile);
        }
        long t0 = System.nanoTime();
        Process process = builder.start();
        try {
            String line;
            long t1;
            Watchdog watchdog = Watchdog.arm(process, FIRST_LINE_LIMIT);
            try {
                line = firstLine(process.getInputStream());
                t1 = System.nanoTime();
            } finally {
                watchdog.close();
            }
            if (watchdog.fired()) {
                throw new IllegalStateException(executable + " printed no line within " + FIRST_LINE_LIMIT.toSeconds()
                        + " s and was killed");
            }
            if (!line.startsWith("1|1|") || hostCertificate != null && line.endsWith("|grpc|")) {
                throw new IllegalStateException(executable + " printed \"" + line + "\" instead of a handshake line");
            }
            return (t1 - t0) / 1e6;
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        while (in.read(one) == 1 && one[0] != '\n') {
            line.append((char) one[0]);
        }
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

}
