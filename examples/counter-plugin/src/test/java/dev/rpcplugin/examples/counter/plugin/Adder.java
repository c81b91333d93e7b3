package dev.rpcplugin.examples.counter.plugin;

import dev.rpcplugin.client.PluginClient;
import dev.rpcplugin.examples.counter.AddHelperGrpc;
import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.PutRequest;
import dev.rpcplugin.examples.counter.SumRequest;
import dev.rpcplugin.examples.counter.SumResponse;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.BrokerException;
import dev.rpcplugin.transport.PluginListener;
import io.grpc.stub.StreamObserver;

/** The host's side of the broker demo for tests: serves AddHelper on a fresh broker id for one Put. */
final class Adder extends AddHelperGrpc.AddHelperImplBase {

    @Override
    public void sum(SumRequest request, StreamObserver<SumResponse> response) {
        response.onNext(SumResponse.newBuilder().setR(request.getA() + request.getB()).build());
        response.onCompleted();
    }

    /** {@code Put(key, n)} with an AddHelper served for it over the client's broker. */
    static void put(PluginClient client, String key, long n) throws BrokerException {
        Broker broker = client.broker();
        int id = broker.nextId();
        try (PluginListener adder = broker.acceptAndServe(id, new Adder())) {
            client.newStub(CounterGrpc::newBlockingStub)
                    .put(PutRequest.newBuilder().setAddServer(id).setKey(key).setValue(n).build());
        }
    }
}
