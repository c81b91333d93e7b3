package dev.rpcplugin.handshake;

import java.util.Collection;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The app protocol version a plugin reports in its handshake, chosen as go-plugin does: the
 * highest version the plugin supports that the host also listed. If there is none, or the host
 * listed nothing (a host older than 2018), the plugin still starts with its lowest version and
 * leaves it to the host to reject it.
 *
 * @param version the version to print in handshake field 2
 * @param listedByHost whether the host listed it (if not, expect the host to refuse the plugin)
 */
public record NegotiatedVersion(int version, boolean listedByHost) {

    /**
     * Negotiates a version.
     *
     * @param pluginVersions the versions this plugin can serve
     * @param hostVersions the host's versions ({@link PluginEnvironment#hostProtocolVersions()}), maybe empty
     * @throws IllegalArgumentException if the plugin has no versions or a negative one
     */
    public static NegotiatedVersion negotiate(Collection<Integer> pluginVersions, Collection<Integer> hostVersions) {
        TreeSet<Integer> ours = new TreeSet<>(AppVersions.checked(pluginVersions, "a plugin"));
        Objects.requireNonNull(hostVersions, "hostVersions");
        for (int version : ours.descendingSet()) {
            if (hostVersions.contains(version)) {
                return new NegotiatedVersion(version, true);
            }
        }
        return new NegotiatedVersion(ours.first(), false);
    }
}
