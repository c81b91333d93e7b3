package dev.rpcplugin.protocol;

import dev.rpcplugin.protocol.wire.Empty;
import dev.rpcplugin.protocol.wire.GRPCControllerGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host side of {@code plugin.GRPCController}: asks the plugin to shut down.
 *
 * <p>A plugin that stops its server inside the handler (as Go plugins do) never gets its reply out,
 * so {@code UNAVAILABLE} and {@code CANCELLED} (a transport closing under the call) count as success.
 */
public final class ControllerClient {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerClient.class);

    /** How the plugin acknowledged a successful {@link #shutdown} call. */
    public enum Outcome {
        /** The plugin answered with {@code Empty}. */
        REPLIED,
        /** The connection closed before a reply arrived ({@code UNAVAILABLE} or {@code CANCELLED}). */
        CONNECTION_CLOSED
    }

    private ControllerClient() {
    }

    /**
     * Calls {@code Shutdown} on the plugin with a deadline.
     *
     * @param channel the plugin's main channel
     * @param deadline how long to wait for the call; must be positive
     * @return how the call ended successfully
     * @throws PluginShutdownException for any other status, e.g. {@code DEADLINE_EXCEEDED} or
     *     {@code UNIMPLEMENTED} (a plugin without the controller)
     * @throws IllegalArgumentException if {@code deadline} is not positive
     */
    public static Outcome shutdown(Channel channel, Duration deadline) throws PluginShutdownException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("shutdown deadline must be positive, was " + deadline);
        }
        try {
            GRPCControllerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                    .shutdown(Empty.getDefaultInstance());
            return Outcome.REPLIED;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED) {
                LOG.debug("plugin closed the connection while shutting down: {}", e.getStatus());
                return Outcome.CONNECTION_CLOSED;
            }
            throw new PluginShutdownException(e.getStatus(), e);
        }
    }
}
