package dev.rpcplugin.client.internal;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Spawns one child natively and prints its ignored-signal mask; run by {@link NativeSpawnerTest}. */
public final class IgnoredSignalsHostMain {

    private IgnoredSignalsHostMain() {
    }

    public static void main(String[] args) throws Exception {
        try (NativeSpawner spawner = NativeSpawner.create()) {
            Process child = spawner.start(new ProcessBuilder("sh", "-c", NativeSpawnerTest.SIGNAL_LINES_OF_THE_SHELL)
                    .redirectInput(new File("/dev/null")));
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                System.exit(2);
            }
            System.out.print(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
