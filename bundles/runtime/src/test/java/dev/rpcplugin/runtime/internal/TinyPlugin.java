package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.server.PluginServer;
import io.grpc.protobuf.services.ProtoReflectionService;
import java.util.List;

/**
 * A plugin process for the supervisor tests: serves go-plugin's own services and reflection, no app
 * service. With {@code TINY_EXIT_AFTER_MS} and {@code TINY_EXIT_CODE} it ends on its own that long after
 * it started serving.
 */
@SuppressWarnings("deprecation") // v1alpha reflection: the version the runtime asks
public final class TinyPlugin {

    static final String COOKIE_KEY = "RPCPLUGIN_TINY";
    static final String COOKIE_VALUE = "tiny";

    private TinyPlugin() {
    }

    public static void main(String[] args) {
        PluginServer server = PluginServer.builder()
                .magicCookie(COOKIE_KEY, COOKIE_VALUE)
                .versionedServices(1, context -> {
                    exitLater(); // runs as the plugin starts serving, just before its handshake line
                    // the server adds reflection only after its handshake line; served from the start
                    // here, so that the runtime's reflection query never comes too early
                    return List.of(ProtoReflectionService.newInstance());
                })
                .build();
        server.logger().info("tiny plugin up");
        server.serveAndExit();
    }

    private static void exitLater() {
        String after = System.getenv("TINY_EXIT_AFTER_MS");
        if (after == null) {
            return;
        }
        int code = Integer.parseInt(System.getenv().getOrDefault("TINY_EXIT_CODE", "0"));
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(Long.parseLong(after));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(code);
        }, "tiny-exit");
        exit.setDaemon(true);
        exit.start();
    }
}
