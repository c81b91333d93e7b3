package dev.rpcplugin.security.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Turns file I/O failures into the short problem texts used in messages ("no such file", ...). */
public final class FileReading {
    private FileReading() {
    }

    /**
     * @param path a file
     * @return how the file is named in messages: {@code file <path>}
     */
    public static String describe(Path path) {
        return "file " + path;
    }

    /**
     * Describes why {@code path} could not be read, in a few words.
     *
     * @param path    the file
     * @param failure the failure from reading it
     * @return e.g. {@code no such file}, {@code permission denied}, {@code is a directory}
     */
    public static String problem(Path path, IOException failure) {
        if (failure instanceof NoSuchFileException || failure instanceof NotDirectoryException) {
            return "no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (Files.isDirectory(path)) {
            return "is a directory";
        }
        String detail = failure.getMessage();
        return "cannot read (" + failure.getClass().getSimpleName() + (detail == null ? "" : ": " + detail) + ")";
    }
}
