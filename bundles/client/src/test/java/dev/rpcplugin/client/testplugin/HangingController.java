package dev.rpcplugin.client.testplugin;

import dev.rpcplugin.protocol.wire.Empty;
import dev.rpcplugin.protocol.wire.GRPCControllerGrpc;
import io.grpc.stub.StreamObserver;

/** A controller whose Shutdown never answers and stops nothing: the host must escalate to a kill. */
final class HangingController extends GRPCControllerGrpc.GRPCControllerImplBase {

    @Override
    public void shutdown(Empty request, StreamObserver<Empty> responseObserver) {
        // deliberately never completes
    }
}
