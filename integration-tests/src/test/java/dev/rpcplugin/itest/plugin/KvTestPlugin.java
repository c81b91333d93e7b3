package dev.rpcplugin.itest.plugin;

import com.google.protobuf.ByteString;
import dev.rpcplugin.examples.kv.Empty;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.GetResponse;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import dev.rpcplugin.server.PluginServer;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plugin process the runtime tests launch: go-plugin's KV service (app protocol versions 1 and 2)
 * on this project's server SDK, with a few test hooks chosen by the environment:
 * {@code ITEST_VERSION} is what {@code Get("version")} answers, {@code Get("sleep:N")} answers it after
 * N ms (a call in flight), {@code Get("pid")} answers the process id, and while the file named by
 * {@code ITEST_HEALTH_FLAG} exists the health check answers NOT_SERVING.
 */
public final class KvTestPlugin {

    /** Cookie the tests configure. */
    public static final String COOKIE_KEY = "RPCPLUGIN_ITEST";
    /** Its value. */
    public static final String COOKIE_VALUE = "kv";

    private KvTestPlugin() {
    }

    public static void main(String[] args) {
        String version = System.getenv().getOrDefault("ITEST_VERSION", "v1");
        String flag = System.getenv("ITEST_HEALTH_FLAG");
        PluginServer server = PluginServer.builder()
                .magicCookie(COOKIE_KEY, COOKIE_VALUE)
                .versionedServices(1, new Kv(version))
                .versionedServices(2, new Kv(version))
                .intercept(new HealthFlag(flag == null ? null : Path.of(flag)))
                .build();
        server.logger().info("kv test plugin starting", "version", version);
        server.serveAndExit();
    }

    private static final class Kv extends KVGrpc.KVImplBase {
        private final Map<String, ByteString> values = new ConcurrentHashMap<>();
        private final String version;

        Kv(String version) {
            this.version = version;
        }

        @Override
        public void get(GetRequest request, StreamObserver<GetResponse> response) {
            String key = request.getKey();
            ByteString value;
            if (key.equals("version")) {
                value = ByteString.copyFromUtf8(version);
            } else if (key.equals("pid")) {
                value = ByteString.copyFromUtf8(Long.toString(ProcessHandle.current().pid()));
            } else if (key.startsWith("sleep:")) {
                try {
                    Thread.sleep(Long.parseLong(key.substring("sleep:".length())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                value = ByteString.copyFromUtf8(version);
            } else {
                value = values.getOrDefault(key, ByteString.EMPTY);
            }
            response.onNext(GetResponse.newBuilder().setValue(value).build());
            response.onCompleted();
        }

        @Override
        public void put(PutRequest request, StreamObserver<Empty> response) {
            values.put(request.getKey(), request.getValue());
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        }
    }
}
