package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.ReattachConfig;
import dev.rpcplugin.client.StartPhase;
import dev.rpcplugin.handshake.HostEnvironmentPolicy;
import dev.rpcplugin.handshake.MagicCookie;
import dev.rpcplugin.handshake.PortRange;
import dev.rpcplugin.protocol.BrokerTls;
import dev.rpcplugin.security.ExecutableChecksum;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything one plugin client was configured with, validated by the public builder. Immutable apart
 * from the caller-supplied sinks and TLS context.
 *
 * @param name plugin name; also the last part of the logger name
 * @param command argv; empty when reattaching
 * @param workingDirectory child's working directory, or null for the host's
 * @param hostEnvironment which host variables the child inherits
 * @param environment the app's extra variables
 * @param cookie the magic cookie; null when reattaching
 * @param protocolVersions app protocol versions the host speaks
 * @param allowedNetworks {@code unix} and/or {@code tcp}
 * @param allowedProtocols protocols accepted in handshake field 5
 * @param autoMtls whether to use AutoMTLS
 * @param tls explicit client TLS context, or null
 * @param brokerTls TLS for brokered connections with explicit TLS, or null (AutoMTLS makes its own)
 * @param checksum expected executable checksum, or null
 * @param startTimeout budget for the whole start: handshake, connect, health check
 * @param stopGrace how long kill() waits for a graceful exit
 * @param maxSkippedLines lenient handshake: lines skipped before the handshake; -1 for strict
 * @param stderrSink raw copy of stderr lines, or null
 * @param stdoutSink stdout lines after the handshake, or null (drained and discarded)
 * @param syncStdout GRPCStdio STDOUT chunks, or null (discarded)
 * @param syncStderr GRPCStdio STDERR chunks, or null (discarded)
 * @param stderrTailLines how many stderr lines are kept for error messages
 * @param loggerName SLF4J logger the plugin's stderr goes to
 * @param reattach where to reattach, or null to launch
 * @param portRange the TCP port range offered to the plugin
 * @param startProgress told each {@link StartPhase} of a start, or null
 * @param socketDirectoryParent where this plugin's private socket directory goes, or null for its host's
 */
public record ClientSettings(
        String name,
        List<String> command,
        Path workingDirectory,
        HostEnvironmentPolicy hostEnvironment,
        Map<String, String> environment,
        MagicCookie cookie,
        Set<Integer> protocolVersions,
        Set<String> allowedNetworks,
        List<String> allowedProtocols,
        boolean autoMtls,
        SslContext tls,
        BrokerTls brokerTls,
        ExecutableChecksum checksum,
        Duration startTimeout,
        Duration stopGrace,
        int maxSkippedLines,
        Consumer<String> stderrSink,
        Consumer<String> stdoutSink,
        Consumer<byte[]> syncStdout,
        Consumer<byte[]> syncStderr,
        int stderrTailLines,
        String loggerName,
        ReattachConfig reattach,
        PortRange portRange,
        Consumer<StartPhase> startProgress,
        Path socketDirectoryParent) {

    /** @throws IllegalStateException naming settings that conflict or are missing */
    public ClientSettings {
        boolean launching = reattach == null;
        if (!launching && checksum != null) {
            throw new IllegalStateException("only one of reattach or checksum can be set");
        }
        if (!launching && autoMtls) {
            throw new IllegalStateException("AutoMTLS cannot be used with reattach: there is no handshake to exchange"
                    + " certificates");
        }
        if (autoMtls && tls != null) {
            throw new IllegalStateException("choose AutoMTLS or explicit TLS, not both");
        }
        if (launching && cookie == null) {
            throw new IllegalStateException("a magic cookie is required to launch a plugin");
        }
        if (brokerTls != null && tls == null) {
            throw new IllegalStateException("brokerTls needs explicit tls on the main connection");
        }
    }

    /** Tells the progress listener, if any, that a start reached {@code phase}. */
    public void reportProgress(StartPhase phase) {
        if (startProgress != null) {
            startProgress.accept(phase);
        }
    }

    /** Whether TLS is used on the main connection. */
    public boolean usesTls() {
        return autoMtls || tls != null;
    }
}
