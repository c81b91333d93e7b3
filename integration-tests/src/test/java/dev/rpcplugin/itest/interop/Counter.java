package dev.rpcplugin.itest.interop;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.examples.counter.AddHelperGrpc;
import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.GetRequest;
import dev.rpcplugin.examples.counter.PutRequest;
import dev.rpcplugin.examples.counter.SumRequest;
import dev.rpcplugin.examples.counter.SumResponse;
import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.transport.PluginListener;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host side of go-plugin's broker demo, written with our client: each Put serves {@code AddHelper}
 * on a fresh broker id, passes the id in {@code PutRequest.add_server}, and the plugin dials it back to
 * have the host add.
 */
final class Counter {

    private final PluginClient plugin;
    private final AddHelper helper = new AddHelper();
    private final List<Boolean> brokeredTls = new ArrayList<>();

    Counter(PluginClient plugin) {
        this.plugin = plugin;
    }

    /** Adds {@code value} to the counter through the plugin, which calls back the host's AddHelper. */
    void put(String key, long value) throws BrokerException {
        int id = plugin.broker().nextId();
        try (PluginListener listener = plugin.broker().acceptAndServe(id, helper)) {
            brokeredTls.add(listener.isTls());
            CounterGrpc.newBlockingStub(plugin.channel()).withDeadlineAfter(15, TimeUnit.SECONDS)
                    .put(PutRequest.newBuilder().setAddServer(id).setKey(key).setValue(value).build());
        }
    }

    long get(String key) {
        return CounterGrpc.newBlockingStub(plugin.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .get(GetRequest.newBuilder().setKey(key).build()).getValue();
    }

    /** For each put, whether the host's brokered listener used TLS. */
    List<Boolean> brokeredTls() {
        return List.copyOf(brokeredTls);
    }

    /** The sums the plugin asked the host for, as {@code "a+b"}. */
    List<String> callbacks() {
        return helper.calls();
    }

    private static final class AddHelper extends AddHelperGrpc.AddHelperImplBase {
        private final List<String> calls = new ArrayList<>();

        @Override
        public void sum(SumRequest request, StreamObserver<SumResponse> response) {
            synchronized (calls) {
                calls.add(request.getA() + "+" + request.getB());
            }
            response.onNext(SumResponse.newBuilder().setR(request.getA() + request.getB()).build());
            response.onCompleted();
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }
    }
}
