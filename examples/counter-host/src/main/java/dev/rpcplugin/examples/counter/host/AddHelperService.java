package dev.rpcplugin.examples.counter.host;

import dev.rpcplugin.examples.counter.AddHelperGrpc;
import dev.rpcplugin.examples.counter.SumRequest;
import dev.rpcplugin.examples.counter.SumResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;

/** The host's {@code AddHelper}, called back by the plugin over the broker: {@code Sum = a + b}. */
final class AddHelperService extends AddHelperGrpc.AddHelperImplBase {

    private final Logger log;

    AddHelperService(Logger log) {
        this.log = log;
    }

    @Override
    public void sum(SumRequest request, StreamObserver<SumResponse> response) {
        log.debug("AddHelper.Sum called by the plugin: a={} b={}", request.getA(), request.getB());
        try {
            response.onNext(SumResponse.newBuilder().setR(Math.addExact(request.getA(), request.getB())).build());
            response.onCompleted();
        } catch (ArithmeticException e) {
            response.onError(Status.OUT_OF_RANGE.withDescription(request.getA() + " + " + request.getB()
                    + " does not fit in 64 bits").asRuntimeException());
        }
    }
}
