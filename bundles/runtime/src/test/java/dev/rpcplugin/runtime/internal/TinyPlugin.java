package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.server.PluginServer;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plugin process for the supervisor tests: serves go-plugin's own services and reflection, no app
 * service. With {@code TINY_EXIT_AFTER_MS} and {@code TINY_EXIT_CODE} it ends on its own that long after
 * the runtime's reflection call, which comes once the client's start is done (timed from the handshake
 * line, the exit could come while a loaded host still connects, and fail the start instead). While the
 * file named by {@code TINY_UNHEALTHY_FLAG} exists its health check fails with UNAVAILABLE. With
 * {@code TINY_IGNORE_SHUTDOWN} set it never answers go-plugin's {@code Shutdown} call, so that a host
 * waits out its stop grace before it kills the plugin. With {@code TINY_SILENT_REFLECTION} naming a file,
 * it writes its pid there when asked for reflection, and never answers.
 */
public final class TinyPlugin {

    static final String COOKIE_KEY = "RPCPLUGIN_TINY";
    static final String COOKIE_VALUE = "tiny";
    /** The reflection service the runtime asks, as the last step of a start without grpc.service. */
    private static final String REFLECTION = "grpc.reflection.v1alpha.ServerReflection";

    private TinyPlugin() {
    }

    public static void main(String[] args) {
        PluginServer server = PluginServer.builder()
                .magicCookie(COOKIE_KEY, COOKIE_VALUE)
                // no app service; the SDK serves reflection, which the runtime asks right after the start
                .versionedServices(1)
                .intercept(new ExitAfterReflection(System.getenv("TINY_EXIT_AFTER_MS")))
                .intercept(new FailHealthWhileFlagged(System.getenv("TINY_UNHEALTHY_FLAG")))
                .intercept(new IgnoreShutdown(System.getenv("TINY_IGNORE_SHUTDOWN") != null))
                .intercept(new SilentReflection(System.getenv("TINY_SILENT_REFLECTION")))
                .build();
        server.logger().info("tiny plugin up");
        server.serveAndExit();
    }

    private static final class ExitAfterReflection implements ServerInterceptor {
        private final String after;
        private final AtomicBoolean started = new AtomicBoolean();

        ExitAfterReflection(String after) {
            this.after = after;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (after != null && call.getMethodDescriptor().getServiceName().equals(REFLECTION)
                    && started.compareAndSet(false, true)) {
                exitLater(Long.parseLong(after));
            }
            return next.startCall(call, headers);
        }

        private static void exitLater(long millis) {
            int code = Integer.parseInt(System.getenv().getOrDefault("TINY_EXIT_CODE", "0"));
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(code);
            }, "tiny-exit");
            exit.setDaemon(true);
            exit.start();
        }
    }

    private static final class IgnoreShutdown implements ServerInterceptor {
        private final boolean ignore;

        IgnoreShutdown(boolean ignore) {
            this.ignore = ignore;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (ignore && call.getMethodDescriptor().getServiceName().equals("plugin.GRPCController")) {
                return new ServerCall.Listener<>() { }; // no answer: the caller's deadline ends the call
            }
            return next.startCall(call, headers);
        }
    }

    private static final class SilentReflection implements ServerInterceptor {
        private final Path asked;

        SilentReflection(String asked) {
            this.asked = asked == null ? null : Path.of(asked);
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (asked == null || !call.getMethodDescriptor().getServiceName().equals(REFLECTION)) {
                return next.startCall(call, headers);
            }
            try { // the pid, moved into place whole
                Path written = Files.writeString(asked.resolveSibling(asked.getFileName() + ".tmp"),
                        Long.toString(ProcessHandle.current().pid()));
                Files.move(written, asked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new ServerCall.Listener<>() { }; // no answer: only the caller's deadline ends the call
        }
    }

    private static final class FailHealthWhileFlagged implements ServerInterceptor {
        private final Path flag;

        FailHealthWhileFlagged(String flag) {
            this.flag = flag == null ? null : Path.of(flag);
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (flag != null && Files.exists(flag)
                    && call.getMethodDescriptor().getServiceName().equals("grpc.health.v1.Health")) {
                call.close(Status.UNAVAILABLE.withDescription("flagged unhealthy"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            return next.startCall(call, headers);
        }
    }
}
