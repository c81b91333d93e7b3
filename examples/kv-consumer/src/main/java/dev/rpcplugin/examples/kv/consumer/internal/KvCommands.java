package dev.rpcplugin.examples.kv.consumer.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
 * returned line of text, never an exception, so a missing plugin reads as a message in the shell.
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
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    // SCR swaps this field while commands run: read it once per attempt
    @Reference(target = "(" + PluginProperties.GRPC_SERVICE + "=" + KVGrpc.SERVICE_NAME + ")",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginConnection connection;

    private final Duration deadline;

    /** Used by SCR: calls get {@link #DEFAULT_DEADLINE}. */
    public KvCommands() {
        this(DEFAULT_DEADLINE);
    }

    KvCommands(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * {@code kv:put KEY VALUE}: stores the value's UTF-8 bytes under the key.
     *
     * @param key the key
     * @param value the value
     * @return which plugin stored it, or why nothing was stored
     */
    @Descriptor("stores a value (as UTF-8) under a key in the KV plugin")
    public String put(@Descriptor("the key") String key, @Descriptor("the value") String value) {
        if (key == null || value == null) {
            return "kv:put: KEY and VALUE are required";
        }
        PutRequest request = PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
        return call("kv:put", plugin -> {
            stub(plugin).put(request);
            return "stored \"" + key + "\" in plugin " + plugin.description().name();
        });
    }

    /**
     * {@code kv:get KEY}: the value stored under the key, read as UTF-8.
     *
     * @param key the key
     * @return the value, or why there is none
     */
    @Descriptor("prints the value (as UTF-8) stored under a key in the KV plugin")
    public String get(@Descriptor("the key") String key) {
        if (key == null) {
            return "kv:get: KEY is required";
        }
        GetRequest request = GetRequest.newBuilder().setKey(key).build();
        return call("kv:get", plugin -> stub(plugin).get(request).getValue().toStringUtf8());
    }

    /**
     * Runs one call on the bound plugin. A plugin being swapped out fails calls with UNAVAILABLE once
     * its channel shuts down; if SCR has bound another one meanwhile, the call is repeated there once
     * (both calls are idempotent).
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
        return detail == null || detail.isBlank() ? line : line + ": " + detail.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
