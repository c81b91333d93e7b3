package dev.rpcplugin.bench;

import java.nio.file.Path;

/** Where the built peers and plugins are, relative to the project root. */
record Layout(Path root) {

    static Layout of(Path root) {
        return new Layout(root);
    }

    Path goHost() {
        return root.resolve("bench/go/bin/gohost");
    }

    Path goPlugin() {
        return root.resolve("integration-tests/go/bin/kv-plugin");
    }

    Path javaKvPlugin() {
        return root.resolve("examples/kv-plugin/bin/kv-plugin");
    }

    Path streamingPlugin() {
        return root.resolve("examples/streaming-plugin/bin/streaming-plugin");
    }

    Path container() {
        return root.resolve("container/target/rpcplugin-container");
    }

    Path probeBundle() {
        return root.resolve("bench/probe/target/dev.rpcplugin.bench.probe-0.1.0-SNAPSHOT.jar");
    }
}
