package dev.rpcplugin.itest.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in plugin executable: a shell script that copies the file named by its environment variable
 * {@value #OUTPUT_VARIABLE} to stdout (any bytes: a handshake line, noise, nothing), then either
 * stays (sleeps until killed, as a plugin that serves) or exits with the status in
 * {@value #EXIT_VARIABLE} (default 0).
 */
final class ScriptPlugin {

    /** The environment variable naming the file to print. */
    static final String OUTPUT_VARIABLE = "FAULT_PLUGIN_OUTPUT";
    /** The environment variable with the exit status of an exiting script. */
    static final String EXIT_VARIABLE = "FAULT_PLUGIN_EXIT";

    private ScriptPlugin() {
    }

    /** Writes a script that prints the output file and then sleeps up to {@code staySeconds}. */
    static Path staying(Path dir, String name, int staySeconds) throws IOException {
        return write(dir, name, "exec sleep " + staySeconds);
    }

    /** Writes a script that prints the output file and exits. */
    static Path exiting(Path dir, String name) throws IOException {
        return write(dir, name, "exit \"${" + EXIT_VARIABLE + ":-0}\"");
    }

    private static Path write(Path dir, String name, String end) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\ncat \"$" + OUTPUT_VARIABLE + "\"\n" + end + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
