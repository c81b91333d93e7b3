package dev.rpcplugin.server.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The process's standard streams during a plugin's life. The handshake line goes straight to file
 * descriptor 1 and log lines to file descriptor 2, whatever {@code System.out} and
 * {@code System.err} have become; those two are redirected into the host's stdio stream and put
 * back when serving ends.
 *
 * <p>Not thread-safe: used by the thread that serves.
 */
public final class StandardStreams {

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final Charset charset;

    private StandardStreams(PrintStream originalOut, PrintStream originalErr) {
        this.originalOut = originalOut;
        this.originalErr = originalErr;
        this.charset = Charset.defaultCharset();
    }

    /** Remembers the current {@code System.out} and {@code System.err} so that they can be restored. */
    public static StandardStreams capture() {
        return new StandardStreams(System.out, System.err);
    }

    /** File descriptor 1, unbuffered: the only writer of the handshake line. */
    public static OutputStream realStdout() {
        return new FileOutputStream(FileDescriptor.out);
    }

    /** File descriptor 2, unbuffered: where hclog lines go. */
    public static OutputStream realStderr() {
        return new FileOutputStream(FileDescriptor.err);
    }

    /** Points {@code System.out} at {@code sink} (auto-flushing, default charset). */
    public void redirectOut(OutputStream sink) {
        System.setOut(new PrintStream(sink, true, charset));
    }

    /** Points {@code System.err} at {@code sink} (auto-flushing, default charset). */
    public void redirectErr(OutputStream sink) {
        System.setErr(new PrintStream(sink, true, charset));
    }

    /** Puts back the streams seen by {@link #capture()}. */
    public void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }
}
