package dev.rpcplugin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.rpcplugin.protocol.wire.GRPCStdioGrpc;
import dev.rpcplugin.protocol.wire.StdioData;
import dev.rpcplugin.transport.ListenerOptions;
import dev.rpcplugin.transport.Network;
import dev.rpcplugin.transport.PluginChannelBuilder;
import dev.rpcplugin.transport.PluginListener;
import dev.rpcplugin.transport.PluginServerBuilder;
import dev.rpcplugin.transport.TransportResources;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LargeMessageParsingTest {

    private static final Marshaller<StdioData> PROTO = ProtoUtils.marshaller(StdioData.getDefaultInstance());

    private static StdioData message(int dataBytes) {
        byte[] data = new byte[dataBytes];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return StdioData.newBuilder().setChannel(StdioData.Channel.STDERR).setData(ByteString.copyFrom(data)).build();
    }

    /** Bytes as a transport hands them to a marshaller: a stream of known length, read in small pieces. */
    private static class Received extends InputStream implements KnownLength {
        private final ByteArrayInputStream bytes;

        Received(byte[] content) {
            bytes = new ByteArrayInputStream(content);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            return bytes.read(into, offset, Math.min(length, 1000));
        }

        @Override
        public int available() {
            return bytes.available();
        }
    }

    /** The length of the array a ByteString keeps its content in: the whole message's when it was aliased. */
    private static int backingArrayLength(ByteString value) {
        return value.asReadOnlyByteBuffer().capacity();
    }

    @Test
    void aLargeMessageIsParsedIntoOneArrayItsBytesFieldShares() throws IOException {
        StdioData sent = message(100_000);
        byte[] wire = sent.toByteArray();

        StdioData parsed = LargeMessageParsing.oneCopy(PROTO).parse(new Received(wire));

        assertThat(parsed).isEqualTo(sent);
        assertThat(backingArrayLength(parsed.getData())).as("the data field shares the message's array")
                .isEqualTo(wire.length);
        assertThat(backingArrayLength(PROTO.parse(new Received(wire)).getData()))
                .as("grpc-java's own marshaller copies the field into an array of its own").isEqualTo(100_000);
    }

    @Test
    void smallMessagesUnknownLengthsAndOwnStreamsAreLeftToTheOriginal() throws IOException {
        Marshaller<StdioData> marshaller = LargeMessageParsing.oneCopy(PROTO);
        StdioData small = message(LargeMessageParsing.THRESHOLD_BYTES - 100);
        StdioData large = message(50_000);

        StdioData parsedSmall = marshaller.parse(new Received(small.toByteArray()));
        assertThat(parsedSmall).isEqualTo(small);
        assertThat(backingArrayLength(parsedSmall.getData())).isEqualTo(small.getData().size());

        StdioData unknownLength = marshaller.parse(new ByteArrayInputStream(large.toByteArray()));
        assertThat(unknownLength).isEqualTo(large);
        assertThat(backingArrayLength(unknownLength.getData())).isEqualTo(50_000);

        assertThat(marshaller.parse(PROTO.stream(large))).as("an in-process message is handed over as it is")
                .isSameAs(large);
    }

    @Test
    void brokenBytesFailAsGrpcJavaReportsThem() {
        Marshaller<StdioData> marshaller = LargeMessageParsing.oneCopy(PROTO);
        byte[] wire = message(40_000).toByteArray();
        byte[] garbage = new byte[40_000];
        Arrays.fill(garbage, (byte) 0xff);
        InputStream shortStream = new Received(Arrays.copyOf(wire, 30_000)) {
            @Override
            public int available() {
                return wire.length; // claims more than it holds
            }
        };

        for (InputStream broken : List.of(new Received(garbage), new Received(Arrays.copyOf(wire, 30_000)),
                shortStream)) {
            assertThatThrownBy(() -> marshaller.parse(broken)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                        assertThat(e.getStatus().getDescription()).isEqualTo("Invalid protobuf byte sequence");
                    });
        }
    }

    @Test
    void marshallersThatAreNotProtobufsStayAsTheyAre() {
        Marshaller<String> text = new Marshaller<>() {
            @Override
            public InputStream stream(String value) {
                return new ByteArrayInputStream(value.getBytes());
            }

            @Override
            public String parse(InputStream stream) {
                return "parsed";
            }
        };
        assertThat(LargeMessageParsing.oneCopy(text)).isSameAs(text);
        Marshaller<StdioData> once = LargeMessageParsing.oneCopy(PROTO);
        assertThat(LargeMessageParsing.oneCopy(once)).isSameAs(once);
    }

    @Test
    void aServiceKeepsItsNamesHandlersAndSchemaWithRequestsParsedOnce() {
        ServerServiceDefinition stdio = new GRPCStdioGrpc.GRPCStdioImplBase() { }.bindService();

        ServerServiceDefinition parsed = LargeMessageParsing.requests(stdio);

        assertThat(parsed.getServiceDescriptor().getName()).isEqualTo(stdio.getServiceDescriptor().getName());
        assertThat(parsed.getServiceDescriptor().getSchemaDescriptor())
                .isSameAs(stdio.getServiceDescriptor().getSchemaDescriptor());
        for (ServerMethodDefinition<?, ?> method : stdio.getMethods()) {
            MethodDescriptor<?, ?> before = method.getMethodDescriptor();
            ServerMethodDefinition<?, ?> after = parsed.getMethod(before.getFullMethodName());
            assertThat(after.getServerCallHandler()).isSameAs(method.getServerCallHandler());
            assertThat(after.getMethodDescriptor().getType()).isEqualTo(before.getType());
            assertThat(after.getMethodDescriptor().getRequestMarshaller()).isNotSameAs(before.getRequestMarshaller());
            assertThat(after.getMethodDescriptor().getResponseMarshaller()).isSameAs(before.getResponseMarshaller());
        }
    }

    /** Echoes a StdioData back and says in its channel whether the request's data shared the request's array. */
    private static final MethodDescriptor<StdioData, StdioData> ECHO = MethodDescriptor.<StdioData, StdioData>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Echo/Echo")
            .setRequestMarshaller(PROTO).setResponseMarshaller(PROTO).build();

    @Test
    void largeMessagesCrossARealSocketParsedOnceBothWays() throws Exception {
        ServerServiceDefinition echo = ServerServiceDefinition.builder(
                        ServiceDescriptor.newBuilder("test.Echo").addMethod(ECHO).build())
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    boolean shared = backingArrayLength(request.getData()) > request.getData().size();
                    response.onNext(request.toBuilder()
                            .setChannel(shared ? StdioData.Channel.STDOUT : StdioData.Channel.INVALID).build());
                    response.onCompleted();
                })).build();
        Path parent = Files.createTempDirectory(Path.of("/tmp"), "rp");
        try (TransportResources resources = TransportResources.create()) {
            PluginListener listener = PluginServerBuilder.forNetwork(resources, Network.UNIX,
                    ListenerOptions.defaults().withSocketDirectoryParent(parent))
                    .addService(LargeMessageParsing.requests(echo)).start();
            ManagedChannel channel = PluginChannelBuilder.forAddress(resources, listener.pluginAddress())
                    .intercept(LargeMessageParsing.responses()).build();
            try {
                for (int size : new int[] {10, 70_000, 1 << 20}) {
                    StdioData sent = message(size);
                    StdioData answer = ClientCalls.blockingUnaryCall(channel, ECHO,
                            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), sent);
                    assertThat(answer.getData()).isEqualTo(sent.getData());
                    boolean large = size >= LargeMessageParsing.THRESHOLD_BYTES;
                    assertThat(answer.getChannel()).as("request of %d bytes parsed once", size)
                            .isEqualTo(large ? StdioData.Channel.STDOUT : StdioData.Channel.INVALID);
                    assertThat(backingArrayLength(answer.getData()) > size).as("response of %d bytes parsed once", size)
                            .isEqualTo(large);
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                listener.shutdown(Duration.ZERO);
            }
        } finally {
            Files.deleteIfExists(parent);
        }
    }
}
