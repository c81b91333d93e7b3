package dev.rpcplugin.itest.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The Maven repository inside a KAR ({@code repository/...}), extracted to a directory. */
final class KarRepository {

    private static final String PREFIX = "repository/";

    private KarRepository() {
    }

    /** Extracts the KAR's {@code repository/} tree into {@code target} and returns it. */
    static Path extract(Path kar, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipFile zip = new ZipFile(kar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(PREFIX)) {
                    continue;
                }
                Path file = target.resolve(entry.getName().substring(PREFIX.length())).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("KAR entry outside its repository: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, file);
                }
            }
        }
        return target;
    }
}
