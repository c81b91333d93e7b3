package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.server.PluginServer;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plugin process for the supervisor tests: serves go-plugin's own services and reflection, no app
 * service. With {@code TINY_EXIT_AFTER_MS} and {@code TINY_EXIT_CODE} it ends on its own that long after
 * the runtime's reflection call, which comes once the client's start is done (timed from the handshake
 * line, the exit could come while a loaded host still connects, and fail the start instead). While the
 * file named by {@code TINY_UNHEALTHY_FLAG} exists its health check fails with UNAVAILABLE, and each
 * such check adds a byte to that name plus {@code .refused}. While the file named by
 * {@code TINY_SILENT_HEALTH_FLAG} exists its health checks get no answer, and each adds a byte to that
 * name plus {@code .asked}. With
 * {@code TINY_IGNORE_SHUTDOWN} set it never answers go-plugin's {@code Shutdown} call, so that a host
 * waits out its stop grace before it kills the plugin. With {@code TINY_SILENT_REFLECTION} naming a file,
 * it writes its pid there when asked for reflection, and never answers. With {@code TINY_PRINT} set it
 * prints {@code out: VALUE} with {@code System.out} and {@code err: VALUE} with {@code System.err} when
 * asked for reflection (the SDK streams both over {@code GRPCStdio}).
 */
public final class TinyPlugin {

    static final String COOKIE_KEY = "RPCPLUGIN_TINY";
    static final String COOKIE_VALUE = "tiny";
    /** The reflection service the runtime asks, as the last step of a start without grpc.service. */
    private static final String REFLECTION = "grpc.reflection.v1alpha.ServerReflection";

    private TinyPlugin() {
    }

    public static void main(String[] args) {
        String silentReflection = System.getenv("TINY_SILENT_REFLECTION");
        PluginServer server = PluginServer.builder()
                .magicCookie(COOKIE_KEY, COOKIE_VALUE)
                // no app service; the SDK serves reflection, which the runtime asks right after the start
                .versionedServices(1)
                .intercept(new ExitAfterReflection(System.getenv("TINY_EXIT_AFTER_MS")))
                .intercept(new ServerInterceptor() {
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                            ServerCallHandler<Q, R> next) {
                        String print = System.getenv("TINY_PRINT");
                        if (print != null && call.getMethodDescriptor().getServiceName().equals(REFLECTION)) {
                            System.out.println("out: " + print);
                            System.err.println("err: " + print);
                        }
                        return next.startCall(call, headers);
                    }
                })
                .intercept(new HealthWhileFlagged(System.getenv("TINY_UNHEALTHY_FLAG"), ".refused", true))
                .intercept(new HealthWhileFlagged(System.getenv("TINY_SILENT_HEALTH_FLAG"), ".asked", false))
                .intercept(new Unanswered("plugin.GRPCController",
                        System.getenv("TINY_IGNORE_SHUTDOWN") == null ? null : () -> { }))
                .intercept(new Unanswered(REFLECTION, silentReflection == null ? null
                        : () -> writePid(Path.of(silentReflection))))
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

    /** Never answers the calls of one service, so that only the caller's deadline ends them. */
    private static final class Unanswered implements ServerInterceptor {
        private final String service;
        private final Runnable whenAsked;

        /** @param whenAsked run on each call of the service; null to answer it as usual */
        Unanswered(String service, Runnable whenAsked) {
            this.service = service;
            this.whenAsked = whenAsked;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (whenAsked == null || !call.getMethodDescriptor().getServiceName().equals(service)) {
                return next.startCall(call, headers);
            }
            whenAsked.run();
            return new ServerCall.Listener<>() { };
        }
    }

    /** Writes this process's pid to {@code file}, moved into place whole. */
    private static void writePid(Path file) {
        try {
            Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"),
                    Long.toString(ProcessHandle.current().pid()));
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * While the flag file exists, health checks fail with UNAVAILABLE ({@code refuse}) or get no answer,
     * and each adds a byte to the flag's name plus the suffix.
     */
    private static final class HealthWhileFlagged implements ServerInterceptor {
        private final Path flag;
        private final String suffix;
        private final boolean refuse;

        HealthWhileFlagged(String flag, String suffix, boolean refuse) {
            this.flag = flag == null ? null : Path.of(flag);
            this.suffix = suffix;
            this.refuse = refuse;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (flag == null || !Files.exists(flag)
                    || !call.getMethodDescriptor().getServiceName().equals("grpc.health.v1.Health")) {
                return next.startCall(call, headers);
            }
            try {
                Files.writeString(Path.of(flag + suffix), "x", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (refuse) {
                call.close(Status.UNAVAILABLE.withDescription("flagged unhealthy"), new Metadata());
            }
            return new ServerCall.Listener<>() { };
        }
    }
}
