package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the file a command will execute, the way the JDK's exec does, and checks it can run. */
public final class Executables {

    private Executables() {
    }

    /**
     * @param program argv[0]: a path (with {@code /}, relative to the working directory) or a name looked
     *     up on the host's {@code PATH}
     * @param workingDirectory the child's working directory, or null for the host's
     * @return the executable file
     * @throws PluginStartException {@code EXECUTABLE_NOT_FOUND} or {@code NOT_EXECUTABLE}
     */
    public static Path resolve(String program, Path workingDirectory) throws PluginStartException {
        try {
            if (program.contains("/")) {
                Path path = Path.of(program);
                if (!path.isAbsolute() && workingDirectory != null) {
                    path = workingDirectory.resolve(path);
                }
                return check(path.toAbsolutePath(), program);
            }
            Optional<Path> found = onPath(program);
            if (found.isPresent()) {
                return found.get().toAbsolutePath();
            }
        } catch (InvalidPathException e) {
            throw new PluginStartException(Reason.EXECUTABLE_NOT_FOUND,
                    "plugin executable \"" + program + "\" is not a valid path: " + e.getMessage(), e);
        }
        throw new PluginStartException(Reason.EXECUTABLE_NOT_FOUND,
                "plugin executable \"" + program + "\" not found on PATH", null);
    }

    /**
     * The first executable regular file named {@code program} in the directories of the host's
     * {@code PATH}, as exec looks a bare name up (an empty entry is the current directory).
     *
     * @throws InvalidPathException if {@code program} cannot be a file name
     */
    static Optional<Path> onPath(String program) {
        String searchPath = System.getenv("PATH");
        if (searchPath != null) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static Path check(Path path, String program) throws PluginStartException {
        if (!Files.exists(path)) {
            throw new PluginStartException(Reason.EXECUTABLE_NOT_FOUND, "plugin executable not found: " + path
                    + (program.equals(path.toString()) ? "" : " (command \"" + program + "\")"), null);
        }
        if (!Files.isRegularFile(path)) {
            throw new PluginStartException(Reason.NOT_EXECUTABLE, "plugin executable is not a regular file: " + path,
                    null);
        }
        if (!Files.isExecutable(path)) {
            throw new PluginStartException(Reason.NOT_EXECUTABLE,
                    "plugin executable is not executable (check its permissions): " + path, null);
        }
        return path;
    }
}
