package dev.rpcplugin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Short-lived directories under /tmp (Unix socket paths must stay short). */
final class TempDirs {

    private TempDirs() {
    }

    static Path create() throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "rpcb");
    }

    /** Deletes the directory and everything in it; nothing if it is gone. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
