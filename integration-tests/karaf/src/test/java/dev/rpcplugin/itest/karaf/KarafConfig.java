package dev.rpcplugin.itest.karaf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Line-based edits of Karaf's {@code etc/} files that keep everything else as shipped. */
final class KarafConfig {

    private KarafConfig() {
    }

    /**
     * Sets {@code key = value} in a {@code .cfg}/{@code .properties} file, replacing any earlier
     * definition of the key including its continuation lines.
     */
    static void set(Path file, String key, String value) throws IOException {
        List<String> kept = new ArrayList<>();
        boolean continuing = false;
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            boolean defines = definesKey(line, key);
            if (defines || continuing) {
                continuing = line.endsWith("\\");
                continue;
            }
            kept.add(line);
        }
        kept.add(key + " = " + value);
        Files.write(file, kept, StandardCharsets.ISO_8859_1);
    }

    private static boolean definesKey(String line, String key) {
        String trimmed = line.stripLeading();
        if (!trimmed.startsWith(key)) {
            return false;
        }
        String rest = trimmed.substring(key.length()).stripLeading();
        return rest.startsWith("=") || rest.startsWith(":");
    }

    /** Removes the leading {@code #} of every line that starts with {@code #prefix}. */
    static void uncomment(Path file, String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean found = false;
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("#" + prefix)) {
                lines.add(line.substring(1));
                found = true;
            } else {
                lines.add(line);
            }
        }
        if (!found) {
            throw new IOException("no line starting with #" + prefix + " in " + file);
        }
        Files.write(file, lines, StandardCharsets.ISO_8859_1);
    }
}
