package dev.rpcplugin.api;

import org.osgi.dto.DTO;

/** A snapshot of one configured plugin, as shown by {@link PluginAdmin} and the shell. */
public class PluginStatusDTO extends DTO {

    /** The configured plugin name. */
    public String name;

    /**
     * The PID of the configuration the plugin comes from, e.g. {@code dev.rpcplugin.plugin~kv} for
     * {@code etc/dev.rpcplugin.plugin-kv.cfg}; null where there is none.
     */
    public String configuration;

    /** The current state. */
    public PluginState state;

    /** The command line (argv) the plugin is started with. */
    public String[] command;

    /** Process id of the running incarnation, else of the process being started (from HANDSHAKING on), or -1. */
    public long pid = -1;

    /**
     * Process id of a new incarnation starting while the running one serves (an update, a restart, an
     * update tried again), or -1.
     */
    public long replacementPid = -1;

    /** Instance id of the running incarnation, or null. */
    public String instanceId;

    /** Negotiated application protocol version, or 0 before the handshake. */
    public int protocolVersion;

    /** {@code unix} or {@code tcp}, or null before the handshake. */
    public String network;

    /** Whether the connection uses mutual TLS. */
    public boolean tls;

    /** Full gRPC service names the plugin is expected to serve. */
    public String[] services;

    /** How many times the process was restarted after an exit or failure. */
    public int restarts;

    /** Epoch milliseconds when the running incarnation became serving, or 0. */
    public long servingSince;

    /**
     * Epoch milliseconds of the next restart attempt while backing off, or of the next try of an update
     * that did not start while the earlier configuration serves ({@link #outdated}), or 0.
     */
    public long nextAttempt;

    /**
     * The last failure's cause, or null if there was none since the configuration was activated; kept
     * once the plugin serves again, so that {@link #restarts} has a reason.
     */
    public String lastFailure;

    /** Epoch milliseconds of the last failure, or 0. */
    public long lastFailureTime;

    /**
     * Whether the running incarnation was started with an earlier configuration: the current one is
     * starting, did not start, or is invalid ({@link #lastFailure} says why). The earlier one serves
     * until the current one starts.
     */
    public boolean outdated;
}
