package dev.rpcplugin.itest.runtime;

import dev.rpcplugin.itest.consumer.TrackingKvConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Packs {@link TrackingKvConsumer} from the test classes into a small bundle, so that the consumer runs
 * inside Felix on the framework's gRPC and API classes, as a real host bundle would. The import list is
 * the consumer's (checked by the framework: a missing one fails resolution or the first call).
 */
final class ConsumerBundle {

    static final String SYMBOLIC_NAME = "dev.rpcplugin.itest.consumer";

    private static final String IMPORTS = String.join(",",
            "com.google.protobuf",
            "dev.rpcplugin.api",
            "dev.rpcplugin.examples.kv",
            "dev.rpcplugin.itest.bridge",
            "io.grpc",
            "io.grpc.stub",
            "org.osgi.framework",
            "org.osgi.util.tracker");

    private ConsumerBundle() {
    }

    /** Writes the bundle to {@code dir} and returns its path. */
    static Path write(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", IMPORTS);
        Path jar = dir.resolve(SYMBOLIC_NAME + ".jar");
        Files.createDirectories(dir);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            addClass(out, TrackingKvConsumer.class);
        }
        return jar;
    }

    private static void addClass(JarOutputStream out, Class<?> type) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("class file not found on the test class path: " + entry);
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
