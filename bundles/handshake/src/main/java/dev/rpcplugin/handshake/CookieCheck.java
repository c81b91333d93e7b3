package dev.rpcplugin.handshake;

/**
 * Outcome of a plugin's magic cookie check ({@link PluginEnvironment#checkCookie}). A plugin that
 * is not {@link #accepted()} prints {@link #stderrMessage()} to stderr, prints nothing on stdout
 * and exits with {@link #exitCode()}, as go-plugin plugins do.
 */
public enum CookieCheck {
    /** The cookie variable holds the expected value. */
    ACCEPTED("", 0),
    /** The plugin itself was given an empty cookie key or value: a bug in the plugin. */
    MISCONFIGURED(PluginEnvironment.MISCONFIGURED_COOKIE_MESSAGE, 1),
    /** The cookie variable is not set: most likely a user ran the plugin directly. */
    MISSING(PluginEnvironment.NOT_STARTED_BY_HOST_MESSAGE, 1),
    /** The cookie variable is set to another value: started by a different kind of host. */
    WRONG_VALUE(PluginEnvironment.NOT_STARTED_BY_HOST_MESSAGE, 1);

    private final String stderrMessage;
    private final int exitCode;

    CookieCheck(String stderrMessage, int exitCode) {
        this.stderrMessage = stderrMessage;
        this.exitCode = exitCode;
    }

    /** Whether the plugin may go on serving. */
    public boolean accepted() {
        return this == ACCEPTED;
    }

    /** go-plugin's text for stderr, final newline included; empty when accepted. */
    public String stderrMessage() {
        return stderrMessage;
    }

    /** The process exit status go-plugin uses: 0 when accepted, else 1. */
    public int exitCode() {
        return exitCode;
    }
}
