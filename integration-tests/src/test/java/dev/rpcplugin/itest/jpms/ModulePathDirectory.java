package dev.rpcplugin.itest.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One directory holding the runtime jars of some runnable examples: each example's own jar and
 * exactly the libraries its {@code target/classpath} lists (what Maven resolved for it at package
 * time: our bundles and the real grpc, protobuf, guava ... jars, never the OSGi-only
 * {@code dev.rpcplugin.grpc.runtime}). Rebuilt from scratch each time, so that no jar of an earlier
 * build can become a second module of the same name. Only the first program's SLF4J binding is kept:
 * bindings share the package {@code org.slf4j.impl}, and the programs share this directory where each
 * would have a module path of its own.
 */
final class ModulePathDirectory {

    /**
     * What a program launched from this directory needs besides {@code -m}: automatic modules
     * cannot say what they require, so the explicit modules among the libraries (guava, gson
     * ...) are only resolved when added, and {@code jdk.unsupported} (sun.misc.Unsafe
     * for Netty, sun.misc.Signal for the plugin's SIGINT handling) is not a default root module of a
     * modular main class.
     */
    static final List<String> LAUNCH_OPTIONS = List.of("--add-modules", "ALL-MODULE-PATH,jdk.unsupported");

    /** The start-up settings the examples' launcher uses by default (nothing to do with modules). */
    static final List<String> STARTUP_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path directory;
    private final Path java;

    private ModulePathDirectory(Path directory) {
        this.directory = directory;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Empties {@code directory} and copies into it the runtime jars of the given examples.
     *
     * @param examples the {@code examples/} directory of the project
     * @param directory where the jars go (created if needed)
     * @param programs example names, e.g. {@code kv-host}
     */
    static ModulePathDirectory assemble(Path examples, Path directory, String... programs) throws IOException {
        deleteRecursively(directory);
        Files.createDirectories(directory);
        for (String program : programs) {
            Path target = examples.resolve(program).resolve("target");
            Path listing = target.resolve("classpath");
            assertThat(listing).as("runtime class path of example " + program
                    + " (written when examples/" + program + " is packaged)").isRegularFile();
            for (String entry : Files.readString(listing).strip().split(":")) {
                Path jar = target.resolve(entry);
                assertThat(jar).as("jar listed in " + listing).isRegularFile();
                if (isSlf4jBinding(jar) && hasSlf4jBinding(directory)) {
                    continue;
                }
                // examples share most libraries: the same file name is the same artifact version
                Files.copy(jar, directory.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new ModulePathDirectory(directory);
    }

    private static boolean isSlf4jBinding(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith("slf4j-") && !name.startsWith("slf4j-api-");
    }

    private static boolean hasSlf4jBinding(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(ModulePathDirectory::isSlf4jBinding);
        }
    }

    Path directory() {
        return directory;
    }

    /** The file names in the directory, sorted. */
    List<String> jarNames() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(new TreeSet<>(files.map(p -> p.getFileName().toString()).toList()));
        }
    }

    /** {@code java <start-up options> --module-path <directory>} followed by {@code arguments}. */
    List<String> java(String... arguments) {
        List<String> argv = new ArrayList<>(List.of(java.toString()));
        argv.addAll(STARTUP_OPTIONS);
        argv.addAll(List.of("--module-path", directory.toString()));
        argv.addAll(List.of(arguments));
        return argv;
    }

    /** The command line that runs {@code mainClass} of module {@code module} from this directory. */
    List<String> launch(String module, String mainClass) {
        List<String> argv = java();
        argv.addAll(LAUNCH_OPTIONS);
        argv.addAll(List.of("-m", module + "/" + mainClass));
        return argv;
    }

    /** {@link #launch} as one {@code sh} command line, each word quoted. */
    String launchForShell(String module, String mainClass) {
        StringBuilder line = new StringBuilder();
        for (String word : launch(module, mainClass)) {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
