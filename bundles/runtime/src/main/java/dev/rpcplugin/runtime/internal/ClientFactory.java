package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.client.PluginClientBuilder;
import dev.rpcplugin.client.PluginHost;
import dev.rpcplugin.client.StartPhase;
import java.util.function.Consumer;

/** Makes the (not yet started) client of one incarnation from the settings. */
final class ClientFactory {

    private ClientFactory() {
    }

    /**
     * @param host the shared host
     * @param s the settings
     * @param stderr where raw stderr lines are copied, besides the log forwarding
     * @param stdio where the lines the plugin streams over {@code GRPCStdio} go (a Java plugin's
     *     {@code System.out} and {@code System.err}), which go-plugin's hosts drop
     * @param progress told when the start reaches each phase
     * @return the client
     * @throws IllegalArgumentException or IllegalStateException when the client refuses a setting
     */
    static PluginClient create(PluginHost host, PluginSettings s, Consumer<String> stderr, Consumer<String> stdio,
            Consumer<StartPhase> progress) {
        PluginClientBuilder b = PluginClient.builder(host)
                .name(s.name())
                .command(s.command())
                .environment(s.environment())
                .magicCookie(s.cookieKey(), s.cookieValue())
                .protocolVersions(s.protocolVersions().stream().mapToInt(Integer::intValue).toArray())
                .allowedNetworks(s.allowedNetworks().toArray(new String[0]))
                .autoMtls(s.autoMtls())
                .startTimeout(s.startTimeout())
                .stopGrace(s.stopGrace())
                .portRange(s.minPort(), s.maxPort())
                .startProgress(progress)
                .stderrSink(stderr)
                .syncStdoutLines(stdio) // each channel cut apart: their lines do not mix
                .syncStderrLines(stdio);
        switch (s.hostEnvironment()) {
            case INHERIT -> b.inheritHostEnvironment();
            case ALLOW_LIST -> b.hostEnvironmentAllowList(s.hostAllowList());
            default -> b.noHostEnvironment();
        }
        if (s.workingDirectory() != null) {
            b.workingDirectory(s.workingDirectory());
        }
        if (s.socketDirectory() != null) {
            b.socketDirectoryParent(s.socketDirectory());
        }
        if (s.checksum() != null) {
            b.checksumSha256(s.checksum());
        }
        if (s.maxNoiseLines() >= 0) {
            b.lenientHandshake(s.maxNoiseLines());
        }
        return b.build();
    }
}
