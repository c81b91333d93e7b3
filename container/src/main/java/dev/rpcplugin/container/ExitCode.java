package dev.rpcplugin.container;

/**
 * The launcher's exit codes. The distribution's README and {@code --help} list the same table.
 */
enum ExitCode {
    /** Interactive shell ended normally, or every {@code --exec} command succeeded. */
    OK(0),
    /** An {@code --exec} command threw, returned an exception, or was not found. */
    COMMAND_FAILED(1),
    /** Bad command line: unknown option, missing or extra argument. */
    USAGE(2),
    /** The container could not start: not a distribution directory, unreadable configuration, framework failure. */
    START_FAILED(3),
    /** The framework did not stop within its bound; plugin processes may still be running. */
    STOP_TIMED_OUT(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
