package dev.rpcplugin.protocol;

import io.grpc.Status;
import java.util.Objects;

/** {@code GRPCController.Shutdown} failed with a status that does not mean "the plugin is stopping". */
public final class PluginShutdownException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Status status;

    /**
     * Creates the exception.
     *
     * @param status the gRPC status the call ended with
     * @param cause the exception the stub threw
     */
    public PluginShutdownException(Status status, Throwable cause) {
        super("plugin Shutdown call failed: " + Objects.requireNonNull(status, "status").getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"), cause);
        this.status = status;
    }

    /** The gRPC status the call ended with. */
    public Status status() {
        return status;
    }
}
