package dev.rpcplugin.server.internal;

import dev.rpcplugin.handshake.HandshakeException;
import dev.rpcplugin.handshake.PluginEnvironment;
import dev.rpcplugin.handshake.PortRange;
import dev.rpcplugin.server.PluginLogger;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportException;
import dev.rpcplugin.transport.TransportResources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens the plugin's main listener on the first of the allowed networks that works, reading the
 * host's variables as go-plugin does: Unix sockets go into {@code PLUGIN_UNIX_SOCKET_DIR}, else
 * {@code TMPDIR}, else the temp directory (in a private 0700 sub-directory), with
 * {@code PLUGIN_UNIX_SOCKET_GROUP}; TCP listens on 127.0.0.1 within
 * {@code PLUGIN_MIN_PORT..PLUGIN_MAX_PORT} (the OS chooses when both are unset). The port variables
 * are only read when TCP is tried, as in go-plugin.
 */
public final class ListenerOpener {

    private static final String TMPDIR = "TMPDIR";

    private final PluginEnvironment environment;
    private final Map<String, String> rawEnvironment;
    private final TransportResources resources;
    private final PluginLogger log;

    /**
     * @param environment the host's variables, parsed
     * @param rawEnvironment the same variables, for {@code TMPDIR}
     * @param resources the event loops the server runs on
     * @param log where failed attempts are reported
     */
    public ListenerOpener(PluginEnvironment environment, Map<String, String> rawEnvironment,
            TransportResources resources, PluginLogger log) {
        this.environment = environment;
        this.rawEnvironment = rawEnvironment;
        this.resources = resources;
        this.log = log;
    }

    /** A listener and the options it was opened with (the broker listens the same way). */
    public record Opened(PluginListener listener, ListenerOptions options) {
    }

    /**
     * Tries each network in turn.
     *
     * @param networks the allowed networks, most preferred first
     * @param tcpFallback whether TCP may be tried after a Unix socket failed: with TLS, or when the app
     *     chose the networks (a plaintext TCP port is open to every local user)
     * @param configure adds services and settings to each attempt's server
     * @return the first listener that started
     * @throws StartFailure naming every network's failure when none worked
     */
    public Opened open(List<Network> networks, boolean tcpFallback, Consumer<PluginServerBuilder> configure)
            throws StartFailure {
        StringBuilder failures = new StringBuilder();
        Exception last = null;
        for (Network network : networks) {
            if (network == Network.TCP && last != null && !tcpFallback) {
                failures.append("; tcp: not tried, since a plaintext TCP port is open to every local user"
                        + " (AutoMTLS or allowedNetworks(UNIX, TCP) would allow it)");
                continue;
            }
            try {
                ListenerOptions options = optionsFor(network);
                PluginServerBuilder builder = PluginServerBuilder.forNetwork(resources, network, options);
                configure.accept(builder);
                return new Opened(builder.start(), options);
            } catch (TransportException | HandshakeException | RuntimeException e) {
                last = e;
                failures.append(failures.length() == 0 ? "" : "; ").append(network.wireName()).append(": ")
                        .append(e.getMessage());
                int next = networks.indexOf(network) + 1;
                if (next < networks.size() && (networks.get(next) != Network.TCP || tcpFallback)) {
                    log.warn("cannot listen, trying the next network", "network", network.wireName(), "error", e);
                }
            }
        }
        throw new StartFailure("couldn't open a plugin listener (" + failures + ")", last);
    }

    /**
     * The listener options for one network.
     *
     * @param network the network
     * @return options from the host's variables
     * @throws HandshakeException if TCP is asked for and a port variable is unusable
     */
    public ListenerOptions optionsFor(Network network) throws HandshakeException {
        ListenerOptions options = ListenerOptions.defaults();
        if (network == Network.UNIX) {
            Optional<String> dir = environment.unixSocketDir()
                    .or(() -> Optional.ofNullable(rawEnvironment.get(TMPDIR)).filter(value -> !value.isEmpty()));
            if (dir.isPresent()) {
                options = options.withSocketDirectoryParent(Path.of(dir.get()).toAbsolutePath());
            }
            Optional<String> group = environment.unixSocketGroup();
            if (group.isPresent()) {
                options = options.withSocketGroup(group.get());
            }
            return options;
        }
        PortRange range = environment.portRange();
        return options.withPortRange(range.min(), range.max());
    }
}
