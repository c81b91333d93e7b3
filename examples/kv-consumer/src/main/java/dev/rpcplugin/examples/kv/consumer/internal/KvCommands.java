package dev.rpcplugin.examples.kv.consumer.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.google.protobuf.ByteString;

import dev.rpcplugin.api.PluginConnection;
import dev.rpcplugin.api.PluginProperties;
import dev.rpcplugin.examples.kv.GetRequest;
import dev.rpcplugin.examples.kv.KVGrpc;
import dev.rpcplugin.examples.kv.PutRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Gogo commands {@code kv:put KEY VALUE} and {@code kv:get KEY} on whichever plugin serves
 * {@code proto.KV}. The reference is dynamic and greedy: the component stays active while plugins
 * come and go, and moves to a higher-ranked registration as soon as one appears. Every outcome is a
 * line printed on {@code System.out}, which the shell routes to the calling session; problems (no
 * plugin, a gRPC error) are such lines too, never exceptions. They do not go to {@code System.err}:
 * Karaf's non-interactive sessions ({@code bin/client -b}, ssh exec) do not show it. Nothing is
 * returned, because Karaf does not print the values non-interactive commands return. {@code --help}
 * prints a command's usage (Karaf's {@code help kv:get} runs {@code kv:get --help}); a missing argument
 * gets a line saying which are required, where Gogo would only say it cannot coerce the arguments.
 *
 * <p>Gogo finds a command by public method name, so this class has no other public methods.
 */
@Component(service = KvCommands.class, property = {
    "osgi.command.scope=kv",
    "osgi.command.function=put",
    "osgi.command.function=get"
})
public final class KvCommands {

    static final String NO_PROVIDER = "no KV plugin available";
    static final String HELP = "--help";
    static final String PUT_USAGE = "usage: kv:put KEY VALUE\n  stores a value (as UTF-8) under a key in the KV plugin";
    static final String GET_USAGE = "usage: kv:get KEY\n  prints the value (as UTF-8) stored under a key in the KV plugin";
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    // SCR swaps this field while commands run: read it once per attempt
    @Reference(target = "(" + PluginProperties.GRPC_SERVICE + "=" + KVGrpc.SERVICE_NAME + ")",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginConnection connection;

    private final Duration deadline;
    // looked up on every command: the shell swaps System.out per session thread
    private final Supplier<PrintStream> out;

    /** Used by SCR: calls get {@link #DEFAULT_DEADLINE}. */
    public KvCommands() {
        this(DEFAULT_DEADLINE, () -> System.out);
    }

    KvCommands(Duration deadline, Supplier<PrintStream> out) {
        this.deadline = deadline;
        this.out = out;
    }

    /**
     * {@code kv:put KEY VALUE}: stores the value's UTF-8 bytes under the key and prints which plugin
     * stored it, or why nothing was stored.
     *
     * @param key the key
     * @param value the value
     */
    @Descriptor("stores a value (as UTF-8) under a key in the KV plugin")
    public void put(@Descriptor("the key") String key, @Descriptor("the value") String value) {
        if (HELP.equals(key)) {
            print(PUT_USAGE);
            return;
        }
        if (key == null || value == null) {
            print("kv:put: KEY and VALUE are required");
            return;
        }
        PutRequest request = PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
        print(call("kv:put", plugin -> {
            stub(plugin).put(request);
            return "stored \"" + key + "\" in plugin " + plugin.description().name();
        }));
    }

    /**
     * {@code kv:get KEY}: prints the value stored under the key, read as UTF-8, or why there is none.
     *
     * @param key the key
     */
    @Descriptor("prints the value (as UTF-8) stored under a key in the KV plugin")
    public void get(@Descriptor("the key") String key) {
        if (HELP.equals(key)) {
            print(GET_USAGE);
            return;
        }
        if (key == null) {
            print("kv:get: KEY is required");
            return;
        }
        GetRequest request = GetRequest.newBuilder().setKey(key).build();
        print(call("kv:get", plugin -> stub(plugin).get(request).getValue().toStringUtf8()));
    }

    /** {@code kv:put KEY} without a value, or {@code kv:put --help}. */
    public void put(String key) {
        put(key, null);
    }

    /** {@code kv:put} without arguments. */
    public void put() {
        put(null, null);
    }

    /** {@code kv:get} without a key. */
    public void get() {
        get(null);
    }

    /**
     * Runs one call on the bound plugin. A plugin being swapped out fails calls with UNAVAILABLE once
     * its channel shuts down; if SCR has bound another one meanwhile, the call is repeated there once
     * (Get and Put are idempotent).
     */
    private String call(String command, Function<PluginConnection, String> rpc) {
        PluginConnection first = connection;
        if (first == null) {
            return NO_PROVIDER;
        }
        try {
            return rpc.apply(first);
        } catch (StatusRuntimeException e) {
            PluginConnection current = connection;
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || current == first) {
                return describe(command, e.getStatus());
            }
            if (current == null) {
                return NO_PROVIDER + " (the plugin went away during " + command + ")";
            }
            try {
                return rpc.apply(current);
            } catch (StatusRuntimeException again) {
                return describe(command, again.getStatus());
            }
        }
    }

    private void print(String line) {
        PrintStream stream = out.get();
        stream.println(line);
        stream.flush();
    }

    private KVGrpc.KVBlockingStub stub(PluginConnection plugin) {
        return plugin.newStub(KVGrpc::newBlockingStub).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One line: {@code kv:get: NOT_FOUND: no value for key "x"}. */
    static String describe(String command, Status status) {
        String detail = status.getDescription();
        if (detail == null && status.getCause() != null) {
            detail = status.getCause().toString();
        }
        String line = command + ": " + status.getCode();
        if (detail == null || detail.isBlank()) {
            return line;
        }
        return line + ": " + detail.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
