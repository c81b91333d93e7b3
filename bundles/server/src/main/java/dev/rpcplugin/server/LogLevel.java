package dev.rpcplugin.server;

/**
 * Severity of a {@link PluginLogger} record, the same five levels as hclog (the Go logger that
 * go-plugin hosts parse), plus {@link #OFF} as a threshold that lets nothing through.
 */
public enum LogLevel {
    /** Finest detail; go-plugin plugins log at this threshold by default. */
    TRACE("trace"),
    /** Diagnostic detail. */
    DEBUG("debug"),
    /** Normal events. */
    INFO("info"),
    /** Something unexpected that the plugin survives. */
    WARN("warn"),
    /** A failure. */
    ERROR("error"),
    /** Only as a threshold: nothing is logged. */
    OFF("off");

    private final String hclogName;

    LogLevel(String hclogName) {
        this.hclogName = hclogName;
    }

    /** The value of the {@code @level} key: {@code trace}, {@code debug}, {@code info}, {@code warn} or {@code error}. */
    public String hclogName() {
        return hclogName;
    }
}
