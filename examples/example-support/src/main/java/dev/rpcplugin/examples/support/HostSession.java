package dev.rpcplugin.examples.support;

import dev.rpcplugin.client.PluginClient;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;

/** What a {@link HostCommand} works with: the connected plugin, a logger and standard output. */
public final class HostSession {

    /** Bound of every command's calls, as go-plugin's example hosts use. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final PluginClient client;
    private final Logger logger;
    private final PrintStream out;

    HostSession(PluginClient client, Logger logger, PrintStream out) {
        this.client = Objects.requireNonNull(client, "client");
        this.logger = Objects.requireNonNull(logger, "logger");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** The started plugin. */
    public PluginClient client() {
        return client;
    }

    /** The host's own logger, named after the program. */
    public Logger logger() {
        return logger;
    }

    /** Where the command's answer goes. */
    public PrintStream out() {
        return out;
    }

    /**
     * A stub on the plugin's channel whose calls must end within {@link #CALL_TIMEOUT} from now.
     *
     * @param factory e.g. {@code KVGrpc::newBlockingStub}
     * @return the stub
     */
    public <S extends AbstractStub<S>> S stub(Function<Channel, S> factory) {
        return factory.apply(client.channel()).withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs a call, turning a gRPC failure into a {@link CommandFailedException} that says what was
     * being done, e.g. {@code get "a": NOT_FOUND: no value stored for key "a"}.
     *
     * @param what the operation, for the message
     * @param call the call
     * @return its result
     * @throws CommandFailedException if the call failed with a gRPC status
     */
    public <T> T call(String what, Call<T> call) throws CommandFailedException {
        try {
            return call.run();
        } catch (StatusRuntimeException e) {
            throw new CommandFailedException(what + ": " + describe(e.getStatus()), e);
        }
    }

    /** A gRPC call made through {@link #call}. */
    @FunctionalInterface
    public interface Call<T> {
        /**
         * @return the result
         * @throws StatusRuntimeException if the call failed
         */
        T run();
    }

    /**
     * A status as one line: code, description and, if there is one, the cause.
     *
     * @param status the status
     * @return e.g. {@code UNAVAILABLE: io exception (Connection refused)}
     */
    public static String describe(Status status) {
        StringBuilder text = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            text.append(": ").append(status.getDescription());
        }
        if (status.getCause() != null) {
            text.append(" (").append(status.getCause().getMessage()).append(')');
        }
        return text.toString();
    }
}
