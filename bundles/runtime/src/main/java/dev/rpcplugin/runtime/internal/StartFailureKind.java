package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.client.PluginStartException.Reason;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which failed starts a restart cannot cure: they need a new executable or configuration, so the
 * plugin goes to FAILED at once instead of backing off. Everything else (timeouts, early exits,
 * unreachable sockets, NOT_SERVING) is retried per the restart policy.
 */
final class StartFailureKind {

    private static final Set<Reason> PERMANENT = EnumSet.of(Reason.EXECUTABLE_NOT_FOUND, Reason.NOT_EXECUTABLE,
            Reason.CHECKSUM_MISMATCH, Reason.UNRECOGNIZED_HANDSHAKE, Reason.INCOMPATIBLE_VERSION,
            Reason.UNSUPPORTED_NETWORK, Reason.UNSUPPORTED_PROTOCOL, Reason.AUTO_MTLS_NOT_SUPPORTED,
            Reason.MAGIC_COOKIE_REFUSED);

    private StartFailureKind() {
    }

    static boolean isPermanent(Reason reason) {
        return PERMANENT.contains(reason);
    }
}
