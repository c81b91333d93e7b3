package dev.rpcplugin.client.testplugin;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import dev.rpcplugin.protocol.Broker;
import dev.rpcplugin.protocol.StdioService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The test plugin's application service, {@code test.Echo/Echo} (StringValue in, StringValue out) and
 * {@link #BYTES}, made without code generation. Requests may steer the plugin: {@code stderr:TEXT} writes TEXT as a line to
 * the real stderr, {@code stdout:TEXT} to the real stdout, {@code exit:N} ends the process with status N
 * right after replying, {@code stdio-err:TEXT} sends TEXT over {@code GRPCStdio} as STDERR, and
 * {@code dial:ID} dials the peer's broker id and calls Echo there, {@code env:NAME} answers with that
 * environment variable ({@code null} if unset).
 */
public final class EchoService implements BindableService {

    /** {@code test.Echo/Echo}. */
    public static final MethodDescriptor<StringValue, StringValue> ECHO = unary("Echo", StringValue.getDefaultInstance());

    /**
     * {@code test.Echo/Bytes}: answers with the request's bytes and one more byte, 1 when the request's
     * bytes shared an array larger than themselves (parsed with one copy), else 0.
     */
    public static final MethodDescriptor<BytesValue, BytesValue> BYTES = unary("Bytes", BytesValue.getDefaultInstance());

    /**
     * {@code test.Echo/StreamThenExit}: streams the numbers 1 to N (the request, as text), completes,
     * and ends the process with status 3 a moment later.
     */
    public static final MethodDescriptor<StringValue, StringValue> STREAM_THEN_EXIT = MethodDescriptor
            .<StringValue, StringValue>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", "StreamThenExit"))
            .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
            .build();

    private static <T extends Message> MethodDescriptor<T, T> unary(String method, T prototype) {
        return MethodDescriptor.<T, T>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", method))
                .setRequestMarshaller(ProtoUtils.marshaller(prototype))
                .setResponseMarshaller(ProtoUtils.marshaller(prototype))
                .build();
    }

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final StdioService stdio;
    private final Broker broker;

    /**
     * @param stdout the real stdout
     * @param stderr the real stderr
     * @param stdio the GRPCStdio service, or null
     * @param broker this side's broker, or null
     */
    public EchoService(PrintStream stdout, PrintStream stderr, StdioService stdio, Broker broker) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdio = stdio;
        this.broker = broker;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder("test.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall(this::echo))
                .addMethod(BYTES, ServerCalls.asyncUnaryCall(EchoService::bytes))
                .addMethod(STREAM_THEN_EXIT, ServerCalls.asyncServerStreamingCall(EchoService::streamThenExit))
                .build();
    }

    private static void streamThenExit(StringValue request, StreamObserver<StringValue> response) {
        int count = Integer.parseInt(request.getValue());
        for (int i = 1; i <= count; i++) {
            response.onNext(StringValue.of(Integer.toString(i)));
        }
        response.onCompleted();
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(200); // the trailers reach the host first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(3);
        });
        exit.start();
    }

    private static void bytes(BytesValue request, StreamObserver<BytesValue> response) {
        ByteString value = request.getValue();
        byte shared = (byte) (backingArrayLength(value) > value.size() ? 1 : 0);
        response.onNext(BytesValue.of(value.concat(ByteString.copyFrom(new byte[] {shared}))));
        response.onCompleted();
    }

    /** The length of the array {@code value} keeps its bytes in. */
    public static int backingArrayLength(ByteString value) {
        return value.asReadOnlyByteBuffer().capacity();
    }

    // dials the peer's broker id and calls its Echo: the brokered connection in the other direction
    private String callBack(int id) {
        try {
            ManagedChannel channel = broker.dial(id);
            try {
                return "peer said " + ClientCalls.blockingUnaryCall(channel, ECHO,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), StringValue.of("via broker")).getValue();
            } finally {
                channel.shutdownNow();
            }
        } catch (Exception e) {
            return "broker dial failed: " + e;
        }
    }

    private void echo(StringValue request, StreamObserver<StringValue> response) {
        String text = request.getValue();
        if (text.startsWith("stderr:")) {
            stderr.println(text.substring(7));
            stderr.flush();
        } else if (text.startsWith("stdout:")) {
            stdout.println(text.substring(7));
            stdout.flush();
        } else if (text.startsWith("stdio-err:") && stdio != null) {
            try {
                stdio.stderr().write(text.substring(10).getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else if (text.startsWith("env:")) {
            response.onNext(StringValue.of(String.valueOf(System.getenv(text.substring(4)))));
            response.onCompleted();
            return;
        } else if (text.startsWith("dial:") && broker != null) {
            response.onNext(StringValue.of(callBack(Integer.parseInt(text.substring(5)))));
            response.onCompleted();
            return;
        }
        response.onNext(StringValue.of(text));
        response.onCompleted();
        if (text.startsWith("exit:")) {
            Runtime.getRuntime().halt(Integer.parseInt(text.substring(5)));
        }
    }
}
