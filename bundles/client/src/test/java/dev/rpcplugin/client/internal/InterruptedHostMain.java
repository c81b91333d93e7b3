package dev.rpcplugin.client.internal;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * A host that a Ctrl-C at its terminal would interrupt; run by {@link ProcessSpawnerTest} as the leader
 * of a process group of its own. It spawns one child through a {@link ProcessSpawner} in the mode its
 * argument names ({@code auto} or {@code jdk}), prints its process group and the child's lines, and
 * once it got SIGINT itself, ends the child with SIGTERM. The child's traps print which
 * signals reached it; a shell runs pending traps in signal number order, so a SIGINT that reached the
 * child is printed before the SIGTERM.
 */
public final class InterruptedHostMain {

    private InterruptedHostMain() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), signal -> interrupted.countDown());
        try (ProcessSpawner spawner = ProcessSpawner.create(false, args[0])) {
            Process child = spawner.start(new ProcessBuilder(spawner.wrap(Path.of("/bin/sh"), List.of("sh", "-c",
                    "trap 'echo child got SIGINT' INT; trap 'echo child got SIGTERM; exit 0' TERM;"
                            + " echo child ready; while :; do sleep 0.05; done")))
                    .redirectInput(new File("/dev/null")));
            System.out.println("host group " + NativeSpawnerTest.processGroupOf(ProcessHandle.current().pid()));
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            System.out.println(lines.readLine()); // child ready
            System.out.flush();
            boolean gotIt = interrupted.await(30, TimeUnit.SECONDS);
            child.toHandle().destroy(); // SIGTERM; Process.destroy() of the JDK would also close its pipes
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println(line);
            }
            boolean ended = child.waitFor(10, TimeUnit.SECONDS);
            System.out.println(gotIt && ended ? "host done" : "host timed out");
            if (!ended) {
                child.destroyForcibly();
            }
        }
    }
}
