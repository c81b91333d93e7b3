package dev.rpcplugin.client.internal;

/** Receives the lines a {@link PipeLineReader} cuts from a pipe, on the reader's thread. */
@FunctionalInterface
public interface LineSink {

    /**
     * One line without its line end.
     *
     * @param line the text (decoded as UTF-8)
     * @param piece true when this is a piece of a line longer than the reader's limit; go-plugin logs
     *     such pieces raw at DEBUG without parsing them
     */
    void line(String line, boolean piece);
}
