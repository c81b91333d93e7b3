package dev.rpcplugin.examples.streaming.plugin;

import dev.rpcplugin.server.PluginServer;

/**
 * The DataProcessor plugin: every gRPC call shape, cookie {@code DATA_PROCESSOR=stream}, version 1.
 * Started by {@code bin/streaming-plugin}.
 */
public final class StreamingPlugin {

    /** The magic cookie's key. */
    public static final String COOKIE_KEY = "DATA_PROCESSOR";
    /** The magic cookie's value. */
    public static final String COOKIE_VALUE = "stream";

    private StreamingPlugin() {
    }

    /**
     * Serves until the host shuts the plugin down.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PluginServer.builder()
                .magicCookie(COOKIE_KEY, COOKIE_VALUE)
                .versionedServices(1, new DataProcessorService())
                // handlers never block; the server stream resumes from the transport's ready callback
                .directExecutor()
                .build()
                .serveAndExit();
    }
}
