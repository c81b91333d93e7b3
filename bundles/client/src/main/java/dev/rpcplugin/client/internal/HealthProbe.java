package dev.rpcplugin.client.internal;

import dev.rpcplugin.client.PluginStartException;
import dev.rpcplugin.client.PluginStartException.Reason;
import dev.rpcplugin.security.PeerRejectedException;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * go-plugin's {@code Ping}: {@code grpc.health.v1.Health/Check} for service {@code plugin} must answer
 * {@code SERVING}. Fails fast when the socket is missing or refuses (no wait-for-ready), and at the
 * deadline otherwise; failures are told apart so the message says what is wrong.
 */
final class HealthProbe {

    /** The service name go-plugin asks about. */
    static final String SERVICE = "plugin";

    private static final HealthCheckRequest REQUEST = HealthCheckRequest.newBuilder().setService(SERVICE).build();

    private final String plugin;
    private final String where;
    private final AtomicReference<PeerRejectedException> rejection;

    HealthProbe(String plugin, String where, AtomicReference<PeerRejectedException> rejection) {
        this.plugin = plugin;
        this.where = where;
        this.rejection = rejection;
    }

    void check(Channel channel, long deadlineNanos) throws PluginStartException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new PluginStartException(Reason.TIMEOUT, "timeout while waiting for plugin to start: no time left"
                    + " to check the health of plugin " + plugin + " at " + where, null);
        }
        HealthCheckResponse response;
        try {
            response = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(left, TimeUnit.NANOSECONDS).check(REQUEST);
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
        if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
            throw new PluginStartException(Reason.NOT_SERVING, "plugin " + plugin + " at " + where
                    + " is not serving: health check for service \"" + SERVICE + "\" answered " + response.getStatus(),
                    null);
        }
    }

    private PluginStartException failure(StatusRuntimeException e) {
        Status status = e.getStatus();
        // a blocking call turns an interrupt into CANCELLED (and sets the flag again)
        if (status.getCode() == Status.Code.CANCELLED && hasCause(e, InterruptedException.class)) {
            return new PluginStartException(Reason.INTERRUPTED, "interrupted while checking the health of plugin "
                    + plugin + " at " + where, e);
        }
        PeerRejectedException rejected = rejection.get();
        if (rejected != null) {
            return new PluginStartException(Reason.BAD_CERTIFICATE, "TLS handshake with plugin " + plugin + " at "
                    + where + " failed: " + rejected.getMessage(), e);
        }
        if (hasCause(e, SSLException.class)) {
            // Netty's name; the class itself is in the transport's shaded Netty
            String plaintext = causeNamed(e, "NotSslRecordException") ? "the plugin answered in plaintext, not in TLS,"
                    + " although its handshake line carries a certificate for AutoMTLS: " : "";
            return new PluginStartException(Reason.BAD_CERTIFICATE, "TLS handshake with plugin " + plugin + " at "
                    + where + " failed: " + plaintext + describe(status), e);
        }
        switch (status.getCode()) {
            case UNIMPLEMENTED:
                return new PluginStartException(Reason.NOT_SERVING, "plugin " + plugin + " at " + where
                        + " does not serve grpc.health.v1.Health, which go-plugin requires: " + describe(status), e);
            case NOT_FOUND:
                return new PluginStartException(Reason.NOT_SERVING, "plugin " + plugin + " at " + where
                        + " does not know health service \"" + SERVICE + "\": " + describe(status), e);
            case DEADLINE_EXCEEDED:
                return new PluginStartException(Reason.CONNECTION_FAILED, "plugin " + plugin + " at " + where
                        + " did not answer the health check before the start timeout: " + describe(status), e);
            default:
                return new PluginStartException(Reason.CONNECTION_FAILED, "cannot connect to plugin " + plugin + " at "
                        + where + ": " + describe(status), e);
        }
    }

    private static String describe(Status status) {
        StringBuilder text = new StringBuilder(status.getCode().toString());
        if (status.getDescription() != null) {
            // grpc-java appends the channel's pipeline on a line of its own: not the user's business
            text.append(": ").append(String.join("; ", status.getDescription().lines()
                    .filter(line -> !line.startsWith("Channel Pipeline:")).toList()));
        }
        Throwable cause = status.getCause();
        while (cause != null) {
            text.append(" (").append(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                    .append(')');
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return text.toString();
    }

    private static boolean causeNamed(Throwable t, String simpleName) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getClass().getSimpleName().equals(simpleName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
