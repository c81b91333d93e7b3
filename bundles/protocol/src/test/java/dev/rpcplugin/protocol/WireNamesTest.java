package dev.rpcplugin.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rpcplugin.protocol.wire.ConnInfo;
import dev.rpcplugin.protocol.wire.Empty;
import dev.rpcplugin.protocol.wire.GRPCBrokerGrpc;
import dev.rpcplugin.protocol.wire.GRPCControllerGrpc;
import dev.rpcplugin.protocol.wire.GRPCStdioGrpc;
import dev.rpcplugin.protocol.wire.GrpcStdioProto;
import dev.rpcplugin.protocol.wire.StdioData;
import io.grpc.MethodDescriptor.MethodType;
import org.junit.jupiter.api.Test;

/** The generated code carries go-plugin's exact names and numbers (wire-reference.md). */
class WireNamesTest {

    @Test
    void methodPathsAndShapes() {
        assertThat(GRPCBrokerGrpc.getStartStreamMethod().getFullMethodName()).isEqualTo("plugin.GRPCBroker/StartStream");
        assertThat(GRPCBrokerGrpc.getStartStreamMethod().getType()).isEqualTo(MethodType.BIDI_STREAMING);
        assertThat(GRPCControllerGrpc.getShutdownMethod().getFullMethodName()).isEqualTo("plugin.GRPCController/Shutdown");
        assertThat(GRPCControllerGrpc.getShutdownMethod().getType()).isEqualTo(MethodType.UNARY);
        assertThat(GRPCStdioGrpc.getStreamStdioMethod().getFullMethodName()).isEqualTo("plugin.GRPCStdio/StreamStdio");
        assertThat(GRPCStdioGrpc.getStreamStdioMethod().getType()).isEqualTo(MethodType.SERVER_STREAMING);
    }

    @Test
    void messageNamesAndFieldNumbers() {
        Descriptor connInfo = ConnInfo.getDescriptor();
        assertThat(connInfo.getFullName()).isEqualTo("plugin.ConnInfo");
        assertThat(connInfo.findFieldByNumber(1).getName()).isEqualTo("service_id");
        assertThat(connInfo.findFieldByNumber(1).getType().name()).isEqualTo("UINT32");
        assertThat(connInfo.findFieldByNumber(2).getName()).isEqualTo("network");
        assertThat(connInfo.findFieldByNumber(3).getName()).isEqualTo("address");
        assertThat(connInfo.findFieldByNumber(4).getMessageType().getFullName()).isEqualTo("plugin.ConnInfo.Knock");
        Descriptor knock = ConnInfo.Knock.getDescriptor();
        assertThat(knock.findFieldByNumber(1).getName()).isEqualTo("knock");
        assertThat(knock.findFieldByNumber(2).getName()).isEqualTo("ack");
        assertThat(knock.findFieldByNumber(3).getName()).isEqualTo("error");

        assertThat(Empty.getDescriptor().getFullName()).isEqualTo("plugin.Empty");
        assertThat(Empty.getDescriptor().getFields()).isEmpty();
        assertThat(StdioData.getDescriptor().getFullName()).isEqualTo("plugin.StdioData");
        assertThat(StdioData.getDescriptor().findFieldByNumber(1).getEnumType().getFullName())
                .isEqualTo("plugin.StdioData.Channel");
        assertThat(StdioData.getDescriptor().findFieldByNumber(2).getName()).isEqualTo("data");
        assertThat(StdioData.Channel.INVALID.getNumber()).isZero();
        assertThat(StdioData.Channel.STDOUT.getNumber()).isEqualTo(1);
        assertThat(StdioData.Channel.STDERR.getNumber()).isEqualTo(2);
        assertThat(GrpcStdioProto.getDescriptor().getServices().get(0)
                .getMethods().get(0).getInputType().getFullName()).isEqualTo("google.protobuf.Empty");
    }
}
