package dev.rpcplugin.examples.counter.plugin;

import dev.rpcplugin.examples.counter.AddHelperGrpc;
import dev.rpcplugin.examples.counter.CounterGrpc;
import dev.rpcplugin.examples.counter.GetRequest;
import dev.rpcplugin.examples.counter.PutRequest;
import dev.rpcplugin.examples.counter.SumRequest;
import dev.rpcplugin.examples.counter.SumResponse;
import dev.rpcplugin.examples.support.testing.ArchiveTraining;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.transport.PluginListener;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;

/**
 * Package-time training run that writes {@code target/cds/counter-plugin.jsa}: two Puts through a
 * brokered AddHelper over AutoMTLS, then a Get. Argument: the module directory.
 */
public final class CounterPluginTraining {

    private CounterPluginTraining() {
    }

    public static void main(String[] args) throws Exception {
        ArchiveTraining.trainPlugin(Path.of(args[0]), "counter-plugin", "BASIC_PLUGIN", "hello", client -> {
            CounterGrpc.CounterBlockingStub counter = client.newStub(CounterGrpc::newBlockingStub);
            Broker broker = client.broker();
            for (long n : new long[] {2, 3}) {
                int id = broker.nextId();
                try (PluginListener adder = broker.acceptAndServe(id, new Adder())) {
                    counter.put(PutRequest.newBuilder().setAddServer(id).setKey("training").setValue(n).build());
                }
            }
            long total = counter.get(GetRequest.newBuilder().setKey("training").build()).getValue();
            if (total != 5) {
                throw new IllegalStateException("counter-plugin counted " + total + " instead of 5 while training");
            }
        });
    }

    private static final class Adder extends AddHelperGrpc.AddHelperImplBase {
        @Override
        public void sum(SumRequest request, StreamObserver<SumResponse> response) {
            response.onNext(SumResponse.newBuilder().setR(request.getA() + request.getB()).build());
            response.onCompleted();
        }
    }
}
